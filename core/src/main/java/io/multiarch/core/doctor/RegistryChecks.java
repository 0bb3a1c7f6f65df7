package io.multiarch.core.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.HttpClients;
import io.multiarch.core.registry.RegistryClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Whether a registry answers and accepts a login, from the machine the doctor runs on: a plain
 * {@code GET /v2/} (200 or 401 means a registry answers), then — with credentials — the same request
 * with Basic auth, or for a Bearer challenge a token request to the realm with Basic auth. A 401 after
 * authenticating is a failed login. Loopback registries are spoken to over plain HTTP (as docker does),
 * others over HTTPS; an insecure registry may also answer over plain HTTP or with any certificate.
 * Secrets go only into {@code Authorization} headers, never into a check's text.
 */
final class RegistryChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final Set<String> insecure;
    private final ObjectMapper json = new ObjectMapper();

    RegistryChecks(Set<String> insecure) {
        this.insecure = Set.copyOf(insecure);
    }

    List<Check> check(String registry, Credentials credentials) {
        List<Check> checks = new ArrayList<>();
        String host = registry.equals(ImageRef.DOCKER_HUB) ? "registry-1.docker.io" : registry;
        boolean loopback = RegistryClient.isLoopback(host);
        boolean insecureHost = insecure.contains(registry) || insecure.contains(host);
        String reachName = "registry " + registry + " reachable";
        Answer answer;
        try {
            answer = get(loopback ? "http" : "https", host, insecureHost && !loopback, null);
        } catch (IOException e) {
            if (insecureHost && !loopback) {
                try {
                    answer = get("http", host, false, null);
                } catch (IOException e2) {
                    checks.add(unreachable(reachName, registry, host, "http", e2));
                    return checks;
                }
            } else {
                checks.add(unreachable(reachName, registry, host, loopback ? "http" : "https", e));
                return checks;
            }
        }
        String url = answer.base + "/v2/";
        if (answer.status != 200 && answer.status != 401) {
            checks.add(Check.fail(Check.THIS_HOST, reachName, "GET " + url + " answered " + answer.status
                    + ", not 200 or 401: this is not a registry's API (v2)",
                    "check that " + registry + " is the registry's host:port (not a web UI or proxy page)"));
            return checks;
        }
        checks.add(Check.ok(Check.THIS_HOST, reachName, "GET " + url + " answered " + answer.status
                + (answer.status == 200 ? " (no login required)" : " (login required)")));
        String loginName = "registry " + registry + " login";
        if (answer.status == 200) {
            checks.add(Check.ok(Check.THIS_HOST, loginName, "anonymous access is allowed"
                    + (credentials == null ? "" : "; credentials of user '" + credentials.username() + "' not needed")));
            return checks;
        }
        if (credentials == null) {
            checks.add(Check.fail(Check.THIS_HOST, loginName, "the registry requires a login and no credentials were found for "
                    + registry, "run 'docker login " + registry + "', or pass --username USER --password-stdin"));
            return checks;
        }
        checks.add(login(loginName, registry, answer, credentials));
        return checks;
    }

    private Check login(String name, String registry, Answer answer, Credentials credentials) {
        String user = "user '" + credentials.username() + "'";
        String fix = "check the user name and password (docker login " + registry + "), or pass --username USER --password-stdin";
        String challenge = answer.challenge == null ? "" : answer.challenge;
        try {
            if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
                String realm = param(challenge, "realm");
                String service = param(challenge, "service");
                if (realm == null) {
                    return Check.fail(Check.THIS_HOST, name, "the Bearer challenge of " + registry + " names no realm",
                            "the registry's token configuration is broken: ask its administrator");
                }
                HttpResponse<byte[]> token = tokenRequest(realm, service, credentials, answer.trustAll);
                if (token.statusCode() == 401 || token.statusCode() == 403) {
                    return Check.fail(Check.THIS_HOST, name, "the token service " + realm + " rejected " + user
                            + " (" + token.statusCode() + ")", fix);
                }
                if (token.statusCode() / 100 != 2) {
                    return Check.fail(Check.THIS_HOST, name, "the token service " + realm + " answered " + token.statusCode(),
                            "check that the token service of " + registry + " is up");
                }
                String value = tokenOf(token.body());
                if (value.isEmpty()) {
                    return Check.fail(Check.THIS_HOST, name, "the token service " + realm + " answered without a token",
                            "check the token service of " + registry);
                }
                Answer again = get(answer.scheme, answer.host, answer.trustAll, "Bearer " + value);
                return again.status == 200
                        ? Check.ok(Check.THIS_HOST, name, user + " logged in (token from " + realm + ")")
                        : Check.fail(Check.THIS_HOST, name, "GET " + again.base + "/v2/ with the token of " + user + " answered "
                                + again.status, fix);
            }
            if (credentials.password() == null) {
                return Check.fail(Check.THIS_HOST, name, "the registry wants Basic auth but the credentials of " + user
                        + " hold only an identity token", "run 'docker login " + registry + "' with a password");
            }
            Answer again = get(answer.scheme, answer.host, answer.trustAll, basic(credentials));
            return again.status == 200
                    ? Check.ok(Check.THIS_HOST, name, user + " logged in (Basic)")
                    : Check.fail(Check.THIS_HOST, name, "GET " + again.base + "/v2/ as " + user + " answered " + again.status
                            + (again.status == 401 ? " (login failed)" : ""), fix);
        } catch (IOException e) {
            return Check.fail(Check.THIS_HOST, name, "the login request failed: " + describe(e),
                    "check the network path to " + registry + " and its token service");
        }
    }

    private HttpResponse<byte[]> tokenRequest(String realm, String service, Credentials credentials, boolean trustAll)
            throws IOException {
        HttpRequest.Builder builder;
        if (credentials.identityToken() != null) {
            String form = "grant_type=refresh_token&client_id=multiarch&refresh_token="
                    + encode(credentials.identityToken().reveal()) + (service == null ? "" : "&service=" + encode(service));
            builder = HttpRequest.newBuilder(URI.create(realm)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            String url = realm + (service == null ? "" : (realm.contains("?") ? "&" : "?") + "service=" + encode(service));
            builder = HttpRequest.newBuilder(URI.create(url)).GET();
            if (credentials.password() != null) {
                builder.header("Authorization", basic(credentials));
            }
        }
        return send(client(trustAll), builder.timeout(TIMEOUT).header("User-Agent", "multiarch-doctor").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String tokenOf(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node.path("token").asText(node.path("access_token").asText(""));
        } catch (IOException e) {
            return "";
        }
    }

    private Answer get(String scheme, String host, boolean trustAll, String authorization) throws IOException {
        String base = scheme + "://" + host;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v2/")).timeout(TIMEOUT)
                .header("User-Agent", "multiarch-doctor").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<Void> response = send(client(trustAll), request.build(), HttpResponse.BodyHandlers.discarding());
        return new Answer(scheme, host, base, trustAll, response.statusCode(),
                String.join(",", response.headers().allValues("WWW-Authenticate")));
    }

    private static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        try {
            return client.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + request.uri());
        }
    }

    private static Check unreachable(String name, String registry, String host, String scheme, IOException e) {
        String fix;
        if (causedBy(e, UnknownHostException.class) || causedBy(e, java.nio.channels.UnresolvedAddressException.class)) {
            fix = "the name " + host + " does not resolve: check the spelling and DNS";
        } else if (causedBy(e, SSLException.class)) {
            fix = "the TLS handshake failed: install the registry's CA certificate into the Java and OS trust stores, "
                    + "or for a test registry pass --insecure-registry " + registry + " (and list it in the engine's insecure-registries)";
        } else if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            fix = "no answer within " + TIMEOUT.toSeconds() + " s: check firewalls and proxies (HTTPS_PROXY/NO_PROXY) on the way to " + host;
        } else if (e instanceof ConnectException) {
            fix = "nothing listens on " + host + ": is the registry running, and is the port right?";
        } else {
            fix = "check that " + host + " is a registry and reachable from this host";
        }
        return Check.fail(Check.THIS_HOST, name, "GET " + scheme + "://" + host + "/v2/ failed: " + describe(e), fix);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        if (causedBy(e, java.nio.channels.UnresolvedAddressException.class)) {
            return "the host name does not resolve";
        }
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String basic(Credentials credentials) {
        String pair = credentials.username() + ":" + credentials.password().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String param(String challenge, String key) {
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            if (m.group(1).toLowerCase(Locale.ROOT).equals(key)) {
                return m.group(2);
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpClient client(boolean trustAll) {
        return trustAll ? HttpClients.trustingAnything(TIMEOUT) : HttpClients.verifying(TIMEOUT);
    }

    private record Answer(String scheme, String host, String base, boolean trustAll, int status, String challenge) {
    }
}
