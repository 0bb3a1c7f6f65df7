package io.multiarch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.multiarch.core.image.ImageRef;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retry behaviour against a loopback HTTP server that answers with the failure statuses real
 * registries send under load (the real registry cannot be made to answer 429 on demand; the
 * end-to-end retry through a fault-injecting proxy is in PublishNoAuthIT, against the real registry behind a faulty proxy).
 */
class RetryTest {
    private HttpServer server;
    private final List<Duration> sleeps = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int failures, int status, String retryAfter) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", exchange -> {
            if (calls.incrementAndGet() <= failures) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + "a".repeat(64));
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private RegistryClient client(int attempts) {
        return RegistryClient.builder().sleeper(sleeps::add)
                .retry(new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .build();
    }

    @Test
    void honoursRetryAfterOn429() throws IOException {
        String host = serve(2, 429, "3");
        assertThat(client(5).headManifest(ImageRef.parse(host + "/app:1"))).isPresent();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void backsOffExponentiallyOn5xxWithoutRetryAfter() throws IOException {
        String host = serve(3, 503, null);
        assertThat(client(5).headManifest(ImageRef.parse(host + "/app:1"))).isPresent();
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void givesUpAfterMaxAttemptsWithARegistryError() throws IOException {
        String host = serve(10, 502, null);
        assertThatThrownBy(() -> client(3).headManifest(ImageRef.parse(host + "/app:1")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("answered 502").hasMessageContaining(host);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void unreachableRegistryNamesHostAndHint() {
        assertThatThrownBy(() -> client(2).headManifest(ImageRef.parse("127.0.0.1:1/app:1")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("127.0.0.1:1 could not be reached").hasMessageContaining("check that it runs");
    }
}
