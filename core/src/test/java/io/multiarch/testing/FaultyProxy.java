package io.multiarch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a real {@link LabRegistry} that answers the first
 * {@code failures} requests with a given status (429 or 5xx) and {@code Retry-After}, as an
 * overloaded registry or load balancer does, and forwards everything else unchanged. The registry
 * behind it stays the real one.
 */
public final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger remainingFailures;
    private final List<String> injected = new CopyOnWriteArrayList<>();

    private FaultyProxy(LabRegistry registry, int failures, int status, String retryAfter) throws IOException {
        this.remainingFailures = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handle(exchange, registry, status, retryAfter));
        server.start();
    }

    public static FaultyProxy start(LabRegistry registry, int failures, int status, String retryAfter) {
        try {
            return new FaultyProxy(registry, failures, status, retryAfter);
        } catch (IOException e) {
            throw new AssertionError("cannot start the proxy: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}: use it as the registry host. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests answered with the injected failure ("METHOD path"). */
    public List<String> injected() {
        return List.copyOf(injected);
    }

    private void handle(HttpExchange exchange, LabRegistry registry, int status, String retryAfter) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        if (remainingFailures.getAndDecrement() > 0) {
            injected.add(method + " " + exchange.getRequestURI().getPath());
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://" + registry.host() + exchange.getRequestURI()))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            boolean noBody = method.equals("HEAD") || answer.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
