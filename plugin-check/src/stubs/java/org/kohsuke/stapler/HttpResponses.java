package org.kohsuke.stapler;

public class HttpResponses {
    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException("stub");
    }
}
