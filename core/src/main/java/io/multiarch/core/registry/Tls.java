package io.multiarch.core.registry;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The two TLS set-ups for registries: the JVM's default trust (read lazily), or none for insecure registries. */
final class Tls {
    private Tls() {
    }

    /** Default certificate checks; the trust store is read on the first handshake. */
    static SSLContext verifying() {
        return context(new LazyTrustManager());
    }

    /** No certificate checks: only for registries the user declared insecure. */
    static SSLContext trustingAnything() {
        return context(new TrustAnything());
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
