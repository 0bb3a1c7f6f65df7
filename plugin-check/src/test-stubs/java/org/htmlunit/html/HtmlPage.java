package org.htmlunit.html;

import org.htmlunit.SgmlPage;

public class HtmlPage extends SgmlPage {
    private HtmlPage() {
    }
}
