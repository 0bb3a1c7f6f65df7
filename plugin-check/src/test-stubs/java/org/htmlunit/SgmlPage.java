package org.htmlunit;

public abstract class SgmlPage {
    protected SgmlPage() {
    }

    public WebResponse getWebResponse() {
        throw new UnsupportedOperationException("stub");
    }
}
