package io.multiarch.core.registry;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JVM's default trust manager, created on the first TLS handshake instead of when the HTTP
 * client is built: a run against plain-HTTP registries (loopback) then never parses the system
 * certificate store, which costs about a tenth of a second of CLI start-up. Every check is the
 * default one, hostname verification included.
 */
final class LazyTrustManager extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager delegate;

    private X509ExtendedTrustManager delegate() {
        X509ExtendedTrustManager d = delegate;
        if (d == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = loadDefault();
                }
                d = delegate;
            }
        }
        return d;
    }

    private static X509ExtendedTrustManager loadDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be loaded: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the JVM has no default X.509 trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().getAcceptedIssuers();
    }
}
