package io.multiarch.core.registry;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
        return builder(connectTimeout).sslContext(context(new LazyTrustManager())).build();
    }

    /** No certificate or hostname checks: only for registries the user declared insecure. */
    public static HttpClient trustingAnything(Duration connectTimeout) {
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        return builder(connectTimeout).sslContext(context(new TrustAnything())).sslParameters(params).build();
    }

    private static HttpClient.Builder builder(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout);
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // insecure registry: the user asked us not to verify
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure registry: the user asked us not to verify
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
