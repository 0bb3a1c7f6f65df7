package io.multiarch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.multiarch.core.Json;
import io.multiarch.core.MultiarchException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry host: scheme choice (plain HTTP for loopback and insecure registries),
 * authentication (anonymous, Basic, Bearer tokens with scopes for every repository of the run),
 * retries with backoff on 429/5xx honouring {@code Retry-After}, and redirects that drop
 * credentials when they leave the registry's host. Thread-safe; one instance per registry per run.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final String apiHost;
    private final RegistryClient.Settings settings;
    private final Scopes wanted = new Scopes();
    private volatile String scheme;
    private volatile boolean mayFallBackToHttp;
    private final boolean trustAll;

    // Authentication state, guarded by "this".
    private Challenge challenge;
    private String authorization;
    private Scopes granted = new Scopes();
    private Optional<Credentials> credentials;

    RegistryTransport(String registry, String apiHost, RegistryClient.Settings settings) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.settings = settings;
        boolean loopback = RegistryClient.isLoopback(apiHost);
        boolean insecure = settings.insecureRegistries().contains(registry) || settings.insecureRegistries().contains(apiHost);
        this.scheme = loopback ? "http" : "https";
        this.mayFallBackToHttp = insecure && !loopback;
        this.trustAll = insecure || loopback;
    }

    String registry() {
        return registry;
    }

    /** Declares a scope the run will need, so the first token request asks for all of them at once. */
    synchronized void want(String scope) {
        wanted.add(scope);
    }

    /** Sends the request with auth, retries and redirects; returns whatever status came back last. */
    RegistryResponse send(RegistryRequest request) {
        boolean reauthenticated = false;
        while (true) {
            String auth = authorizationFor(request.scope);
            RegistryResponse response = sendWithRetries(request, auth);
            if (response.status() != 401) {
                return response;
            }
            if (reauthenticated) {
                throw unauthorized(request, response);
            }
            synchronized (this) {
                if (authorization != null && !authorization.equals(auth)) {
                    continue; // another thread authenticated while this request was under way
                }
                authenticate(request, response);
            }
            reauthenticated = true;
        }
    }

    private synchronized String authorizationFor(String scope) {
        if (authorization == null) {
            return null;
        }
        if (challenge != null && challenge.isBearer() && scope != null && !granted.covers(scope)) {
            fetchToken(scope);
        }
        return authorization;
    }

    private synchronized void authenticate(RegistryRequest request, RegistryResponse response) {
        List<Challenge> challenges = Challenge.parse(String.join(",", response.headers().allValues("WWW-Authenticate")));
        Challenge chosen = challenges.stream().filter(Challenge::isBearer).findFirst()
                .orElse(challenges.stream().filter(Challenge::isBasic).findFirst().orElse(null));
        if (chosen == null) {
            throw new RegistryException(registry, 401, null, "Registry " + registry + " answered 401 to " + describe(request)
                    + " without a Basic or Bearer challenge; it cannot be used with multiarch");
        }
        challenge = chosen;
        Optional<Credentials> creds = credentials();
        if (chosen.isBasic()) {
            if (creds.isEmpty() || creds.get().password() == null) {
                throw new RegistryException(registry, 401, "UNAUTHORIZED", "Registry " + registry
                        + " requires a login for " + describe(request) + " and no credentials were found "
                        + "(run 'docker login " + registry + "' or pass --username with --password-stdin)");
            }
            authorization = creds.get().basicHeader();
            granted = new Scopes();
            return;
        }
        fetchToken(chosen.param("scope") == null ? request.scope : chosen.param("scope") + " " + nullToEmpty(request.scope));
    }

    private Optional<Credentials> credentials() {
        if (credentials == null) {
            credentials = settings.credentials().find(registry);
        }
        return credentials;
    }

    /** Gets one Bearer token covering everything wanted so far plus {@code extraScope}. */
    private void fetchToken(String extraScope) {
        String realm = challenge.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException(registry, 401, null, "Registry " + registry
                    + " sent a Bearer challenge without a realm; cannot get a token");
        }
        Scopes scopes = wanted.copy();
        scopes.addAll(granted);
        scopes.add(extraScope);
        Optional<Credentials> creds = credentials();
        String service = challenge.param("service");
        String method;
        URI uri;
        byte[] body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", RegistryClient.USER_AGENT);
        if (creds.isPresent() && creds.get().identityToken() != null) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=multiarch");
            form.append("&refresh_token=").append(encode(creds.get().identityToken().reveal()));
            if (service != null) {
                form.append("&service=").append(encode(service));
            }
            if (!scopes.isEmpty()) {
                form.append("&scope=").append(encode(String.join(" ", scopes.asList())));
            }
            method = "POST";
            uri = URI.create(realm);
            body = form.toString().getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        } else {
            StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            List<String> params = new ArrayList<>();
            if (service != null) {
                params.add("service=" + encode(service));
            }
            for (String scope : scopes.asList()) {
                params.add("scope=" + encode(scope));
            }
            url.append(String.join("&", params));
            method = "GET";
            uri = URI.create(url.toString());
            if (creds.isPresent() && creds.get().password() != null) {
                headers.put("Authorization", creds.get().basicHeader());
            }
        }
        RegistryResponse response = sendRaw(new UrlConnectionHttp.Exchange(method, uri, headers, body, null, null,
                Duration.ofSeconds(60), false), "token request to " + realm);
        if ((response.status() == 401 || response.status() == 403) && creds.isPresent() && creds.get().identityToken() != null) {
            throw new RegistryException(registry, response.status(), "UNAUTHORIZED", "The token service of " + registry
                    + " (" + realm + ") rejected the identity token stored for it (expired or revoked?): run 'docker login "
                    + registry + "' again");
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistryException(registry, response.status(), "UNAUTHORIZED", "The token service of " + registry
                    + " (" + realm + ") rejected " + (creds.isPresent() ? "the credentials of user '" + creds.get().username() + "'"
                    : "an anonymous request") + " (check the user name and password, or run 'docker login " + registry + "')");
        }
        if (!response.isSuccess()) {
            throw new RegistryException(registry, response.status(), null, "The token service of " + registry + " ("
                    + realm + ") answered " + response.status() + " (" + RegistryClient.errorSummary(response.body()) + ")");
        }
        String token;
        try {
            JsonNode node = Json.read(response.body());
            token = node.path("token").asText(node.path("access_token").asText(""));
        } catch (IOException e) {
            token = "";
        }
        if (token.isEmpty()) {
            throw new RegistryException(registry, response.status(), null, "The token service of " + registry
                    + " (" + realm + ") answered without a token");
        }
        authorization = "Bearer " + token;
        granted = scopes;
    }

    private RegistryResponse sendRaw(UrlConnectionHttp.Exchange exchange, String what) {
        int attempt = 1;
        while (true) {
            try {
                RegistryResponse response = settings.http().send(exchange);
                if (RetryPolicy.isRetryable(response.status()) && attempt < settings.retry().maxAttempts()) {
                    pause(retryDelay(response.header("Retry-After"), attempt));
                    attempt++;
                    continue;
                }
                return response;
            } catch (IOException e) {
                if (attempt >= settings.retry().maxAttempts()) {
                    throw unreachable(what, e);
                }
                pause(settings.retry().backoff(attempt));
                attempt++;
            }
        }
    }

    private RegistryResponse sendWithRetries(RegistryRequest request, String auth) {
        int attempt = 1;
        while (true) {
            try {
                RegistryResponse response = sendFollowingRedirects(request, auth);
                if ("http".equals(response.uri().getScheme()) && speaksOnlyHttps(response)) {
                    // a loopback registry with TLS (docker tries HTTPS first there): switch, without checks
                    scheme = "https";
                    mayFallBackToHttp = false;
                    continue;
                }
                if (RetryPolicy.isRetryable(response.status()) && attempt < settings.retry().maxAttempts()) {
                    settings.listener().retrying(registry, describe(request), response.status(), attempt);
                    pause(retryDelay(response.header("Retry-After"), attempt));
                    attempt++;
                    continue;
                }
                return response;
            } catch (SSLException e) {
                if (mayFallBackToHttp) {
                    scheme = "http";
                    mayFallBackToHttp = false;
                    continue;
                }
                throw new RegistryException(registry, 0, null, "TLS to registry " + registry + " failed: " + e.getMessage()
                        + " (if it serves plain HTTP or a self-signed certificate, pass --insecure-registry " + registry + ")", e);
            } catch (IOException e) {
                if (mayFallBackToHttp && !(e instanceof ConnectException) && e.getCause() instanceof SSLException) {
                    scheme = "http";
                    mayFallBackToHttp = false;
                    continue;
                }
                if (attempt >= settings.retry().maxAttempts()) {
                    throw unreachable(describe(request), e);
                }
                settings.listener().retrying(registry, describe(request), 0, attempt);
                pause(settings.retry().backoff(attempt));
                attempt++;
            }
        }
    }

    private RegistryResponse sendFollowingRedirects(RegistryRequest request, String auth) throws IOException {
        URI uri = resolve(request.target);
        String host = uri.getAuthority();
        for (int hop = 0; ; hop++) {
            Map<String, String> headers = new LinkedHashMap<>(request.headers);
            headers.put("User-Agent", RegistryClient.USER_AGENT);
            if (auth != null && uri.getAuthority().equalsIgnoreCase(host)) {
                headers.put("Authorization", auth);
            }
            RegistryResponse response = settings.http().send(new UrlConnectionHttp.Exchange(request.method, uri, headers,
                    request.body, request.bodyFile, request.responseFile, request.timeout,
                    scheme.equals("https") && trustAll));
            int status = response.status();
            String location = response.header("Location");
            boolean redirect = (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    && location != null && (request.method.equals("GET") || request.method.equals("HEAD"));
            if (redirect && hop < MAX_REDIRECTS) {
                uri = uri.resolve(location);
                continue;
            }
            return response;
        }
    }

    /** Go's TLS servers (the registry) answer a plain HTTP request with this 400. */
    private static boolean speaksOnlyHttps(RegistryResponse response) {
        return response.status() == 400 && response.bodyText().contains("HTTP request to an HTTPS server");
    }

    URI resolve(String target) {
        URI base = URI.create(scheme + "://" + apiHost + "/");
        return base.resolve(target);
    }

    private Duration retryDelay(String retryAfter, int attempt) {
        if (retryAfter != null) {
            Duration max = settings.retry().maxRetryAfter();
            try {
                long seconds = Long.parseLong(retryAfter.trim());
                return Duration.ofSeconds(Math.max(0, Math.min(seconds, max.toSeconds())));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    return wait.isNegative() ? Duration.ZERO : (wait.compareTo(max) > 0 ? max : wait);
                } catch (DateTimeParseException ignored) {
                    // fall through to the computed backoff
                }
            }
        }
        return settings.retry().backoff(attempt);
    }

    private void pause(Duration delay) {
        try {
            settings.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while waiting to retry", e);
        }
    }

    private RegistryException unreachable(String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new RegistryException(registry, 0, null, "Registry " + registry + " could not be reached for " + what
                + " after " + settings.retry().maxAttempts() + " attempts: " + reason
                + " (check that it runs and that the host and port are right)", e);
    }

    private RegistryException unauthorized(RegistryRequest request, RegistryResponse response) {
        Optional<Credentials> creds = credentials();
        String who = creds.isPresent() ? "user '" + creds.get().username() + "'" : "anonymous access";
        return new RegistryException(registry, 401, "UNAUTHORIZED", "Registry " + registry + " refused " + who + " for "
                + describe(request) + ": " + RegistryClient.errorSummary(response.body())
                + " (check the credentials and that the user may " + actions(request.scope) + ")");
    }

    private static String actions(String scope) {
        if (scope == null) {
            return "use this registry";
        }
        int last = scope.lastIndexOf(':');
        int first = scope.indexOf(':');
        return scope.substring(last + 1).replace(",", " and ") + " " + scope.substring(first + 1, last);
    }

    private String describe(RegistryRequest request) {
        String target = request.target;
        int query = target.indexOf('?');
        if (target.startsWith("http")) {
            target = URI.create(target).getPath();
        } else if (query >= 0) {
            target = target.substring(0, query);
        }
        return request.method + " " + target;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
