package io.multiarch.core.registry;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP clients the engine talks to registries with: HTTP/1.1, no automatic redirects (the
 * transport follows them itself and drops credentials across hosts), and either the JVM's default
 * trust (read lazily) or, for registries the user named insecure, no certificate checks at all.
 */
public final class HttpClients {
    private HttpClients() {
    }

    /** Default certificate and hostname checks; the trust store is read on the first TLS handshake. */
    public static HttpClient verifying(Duration connectTimeout) {
        return builder(connectTimeout).sslContext(Tls.verifying()).build();
    }

    /** No certificate or hostname checks: only for registries the user declared insecure. */
    public static HttpClient trustingAnything(Duration connectTimeout) {
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        return builder(connectTimeout).sslContext(Tls.trustingAnything()).sslParameters(params).build();
    }

    private static HttpClient.Builder builder(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout);
    }
}
