package io.multiarch.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP exchange with a registry over {@link HttpURLConnection}: no automatic redirects, a fixed
 * connect timeout, keep-alive reuse by the JDK, the JVM's default TLS checks (trust store read on
 * the first handshake) or — for registries the user declared insecure — none. Chosen over
 * {@code java.net.http.HttpClient} for a short-lived CLI: no selector thread to start and wait for,
 * and far less code to run before the first request (docs/adr/0004-cli-start-up.md). Thread-safe.
 */
final class UrlConnectionHttp {
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

    private volatile SSLSocketFactory verifying;
    private volatile SSLSocketFactory trustingAnything;

    /** A request: method, absolute URI, headers, and a body in memory or in a file (or none). */
    record Exchange(String method, URI uri, Map<String, String> headers, byte[] body, Path bodyFile, Path responseFile,
            Duration timeout, boolean trustAll) {
    }

    RegistryResponse send(Exchange exchange) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) exchange.uri().toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(exchange.timeout() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, exchange.timeout().toMillis()));
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(exchange.trustAll() ? trustingAnything() : verifying());
            if (exchange.trustAll()) {
                https.setHostnameVerifier((host, session) -> true);
            }
        }
        connection.setRequestMethod(exchange.method());
        exchange.headers().forEach(connection::setRequestProperty);
        try {
            writeBody(connection, exchange);
            return read(connection, exchange);
        } catch (HttpRetryException e) {
            // a streamed upload answered 401: report it as such, the transport re-authenticates
            return new RegistryResponse(e.responseCode(), HttpHeaders.of(Map.of(), (a, b) -> true), new byte[0], null,
                    exchange.uri());
        }
    }

    private static void writeBody(HttpURLConnection connection, Exchange exchange) throws IOException {
        boolean hasBody = exchange.body() != null || exchange.bodyFile() != null;
        if (!hasBody && !exchange.method().equals("POST") && !exchange.method().equals("PUT")) {
            return;
        }
        connection.setDoOutput(true);
        if (exchange.bodyFile() != null) {
            connection.setFixedLengthStreamingMode(Files.size(exchange.bodyFile()));
            try (OutputStream out = connection.getOutputStream()) {
                Files.copy(exchange.bodyFile(), out);
            }
        } else {
            // buffered, not streamed: a 401 then comes back as a response the transport can answer
            byte[] body = exchange.body() == null ? new byte[0] : exchange.body();
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
    }

    private static RegistryResponse read(HttpURLConnection connection, Exchange exchange) throws IOException {
        int status = connection.getResponseCode();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                fields.put(name, values);
            }
        });
        HttpHeaders headers = HttpHeaders.of(fields, (a, b) -> true);
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        try {
            if (exchange.responseFile() != null && status / 100 == 2 && in != null) {
                Files.copy(in, exchange.responseFile(), StandardCopyOption.REPLACE_EXISTING);
                return new RegistryResponse(status, headers, null, exchange.responseFile(), exchange.uri());
            }
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            return new RegistryResponse(status, headers, body, null, exchange.uri());
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    private SSLSocketFactory verifying() {
        if (verifying == null) {
            verifying = Tls.verifying().getSocketFactory();
        }
        return verifying;
    }

    private SSLSocketFactory trustingAnything() {
        if (trustingAnything == null) {
            trustingAnything = Tls.trustingAnything().getSocketFactory();
        }
        return trustingAnything;
    }
}
