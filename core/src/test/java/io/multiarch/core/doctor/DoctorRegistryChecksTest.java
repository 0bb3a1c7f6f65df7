package io.multiarch.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multiarch.core.Secret;
import io.multiarch.core.registry.Credentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status-code logic of the registry checks against a small in-process HTTP server that answers like
 * distribution does (401 with a Basic or Bearer challenge). The CLI integration test runs the same checks
 * against the real registry.
 */
class DoctorRegistryChecksTest {
    static final String PASSWORD = "canary-0123456789abcdef";
    static final String GOOD = "Basic " + Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(String mode) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            switch (mode) {
                case "open" -> respond(exchange, 200, null);
                case "basic" -> respond(exchange, GOOD.equals(auth) ? 200 : 401, "Basic realm=\"registry\"");
                case "token" -> respond(exchange, "Bearer good-token".equals(auth) ? 200 : 401,
                        "Bearer realm=\"http://" + host + "/token\",service=\"lab\"");
                default -> respond(exchange, 404, null);
            }
        });
        server.createContext("/token", exchange -> {
            boolean ok = GOOD.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && exchange.getRequestURI().getQuery().contains("service=lab");
            byte[] body = (ok ? "{\"token\":\"good-token\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return host;
    }

    private static void respond(HttpExchange exchange, int status, String challenge) throws IOException {
        if (status == 401 && challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Credentials creds(String password) {
        return Credentials.basic("ci", Secret.of(password));
    }

    private static List<Check> check(String host, Credentials credentials) {
        return new RegistryChecks(Set.of()).check(host, credentials);
    }

    @Test
    void anOpenRegistryIsReachableAndNeedsNoLogin() throws IOException {
        String host = serve("open");
        List<Check> checks = check(host, null);
        assertThat(checks).extracting(Check::name).containsExactly("registry " + host + " reachable", "registry " + host + " login");
        assertThat(checks).allMatch(Check::ok);
        assertThat(checks.get(0).detail()).isEqualTo("GET http://" + host + "/v2/ answered 200 (no login required)");
    }

    @Test
    void basicAuthAcceptsTheRightPasswordAndRejectsAWrongOne() throws IOException {
        String host = serve("basic");
        List<Check> good = check(host, creds(PASSWORD));
        assertThat(good).allMatch(Check::ok);
        assertThat(good.get(0).detail()).contains("401 (login required)");
        assertThat(good.get(1).detail()).isEqualTo("user 'ci' logged in (Basic)");

        List<Check> bad = check(host, creds("wrong"));
        assertThat(bad.get(0).ok()).isTrue();
        assertThat(bad.get(1).ok()).isFalse();
        assertThat(bad.get(1).detail()).contains("as user 'ci' answered 401 (login failed)");
        assertThat(bad.get(1).fix()).contains("docker login " + host).contains("--password-stdin");
        assertThat(good.toString() + bad).doesNotContain(PASSWORD).doesNotContain(GOOD.substring(6));
    }

    @Test
    void withoutCredentialsALoginRequiringRegistryFails() throws IOException {
        String host = serve("basic");
        Check login = check(host, null).get(1);
        assertThat(login.ok()).isFalse();
        assertThat(login.detail()).contains("requires a login and no credentials were found");
        assertThat(login.fix()).contains("docker login " + host);
    }

    @Test
    void aBearerChallengeIsAnsweredThroughTheTokenService() throws IOException {
        String host = serve("token");
        List<Check> good = check(host, creds(PASSWORD));
        assertThat(good).allMatch(Check::ok);
        assertThat(good.get(1).detail()).contains("user 'ci' logged in (token from http://" + host + "/token)");

        Check bad = check(host, creds("wrong")).get(1);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.detail()).contains("token service").contains("rejected user 'ci' (401)");
    }

    @Test
    void somethingElseThanARegistryFails() throws IOException {
        String host = serve("web");
        List<Check> checks = check(host, null);
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("answered 404");
        });
    }

    @Test
    void nothingListeningIsUnreachableWithAFix() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<Check> checks = check("127.0.0.1:" + port, null);
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).startsWith("GET http://127.0.0.1:" + port + "/v2/ failed: ");
            assertThat(c.fix()).contains("nothing listens").contains("port");
        });
    }

    @Test
    void anUnknownHostSaysCheckTheName() {
        List<Check> checks = check("registry.invalid", null);
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.fix()).contains("does not resolve");
        });
    }
}
