package io.multiarch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token-auth server (the {@code realm} of a registry with {@code auth.token}) for tests:
 * a JDK {@link HttpServer} on a free loopback port answering {@code GET /token?service=S&scope=...}.
 *
 * <ul>
 * <li>Basic auth with the configured user/password: a token granting <em>every</em> requested action of every
 * requested scope. Scopes come as several {@code scope=} parameters and/or one parameter holding several
 * space-separated scopes; each is {@code type:name:action[,action...]} (e.g. {@code repository:team/app:pull,push}).</li>
 * <li>No {@code Authorization} header: an anonymous token with an empty {@code access} list (so the registry
 * answers 401 to anything but {@code /v2/}).</li>
 * <li>Wrong credentials, another scheme, or a {@code service} other than the registry's: 401.</li>
 * </ul>
 * Answer: {@code {"token": JWT, "access_token": JWT, "expires_in": 300, "issued_at": "..."}}.
 *
 * <p>The JWT is RS256-signed with a 2048-bit RSA key made by {@code keytool -genkeypair} (self-signed
 * certificate exported with {@code keytool -exportcert -rfc} as the registry's {@code rootcertbundle}).
 * Registry 2.8 picks the verification key by the JWT header {@code kid}, which must be the libtrust key ID of
 * the certificate's public key: see {@link #libtrustKeyId(PublicKey)}.
 * Claims: {@code iss, sub, aud (= service), exp, nbf, iat, jti, access}.
 */
public final class TokenIssuer implements AutoCloseable {

    /** Token lifetime, also sent as {@code expires_in}. */
    public static final int EXPIRES_IN_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "lab-token-issuer";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String service;
    private final String username;
    private final String password;
    private final PrivateKey privateKey;
    private final String keyId;
    private final Path certificateFile;
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger rejectedCount = new AtomicInteger();
    private final List<String> requestedScopes = new CopyOnWriteArrayList<>();
    private final List<String> grantTypes = new CopyOnWriteArrayList<>();
    /** The refresh token ("identity token" in docker's config.json) this issuer accepts on its OAuth2 endpoint. */
    private final String refreshToken = LabRegistry.randomHex(24);

    private TokenIssuer(HttpServer server, ExecutorService executor, String service, String username,
            String password, PrivateKey privateKey, String keyId, Path certificateFile) {
        this.server = server;
        this.executor = executor;
        this.service = service;
        this.username = username;
        this.password = password;
        this.privateKey = privateKey;
        this.keyId = keyId;
        this.certificateFile = certificateFile;
    }

    /**
     * Makes the signing key and certificate in {@code dir} (with keytool) and starts serving.
     * Used by {@link LabRegistry#start(LabRegistry.Auth)}; tests normally get it from
     * {@link LabRegistry#tokenIssuer()}.
     */
    static TokenIssuer start(Path dir, String service, String username, String password) {
        try {
            Path keystore = dir.resolve("token-signing.p12");
            Path cert = dir.resolve("token-signing.pem");
            String storePass = LabRegistry.randomHex(16);
            Map<String, String> env = Map.of("LAB_KEYSTORE_PASS", storePass);
            keytool(env, "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048",
                    "-sigalg", "SHA256withRSA", "-dname", "CN=" + ISSUER, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass:env", "LAB_KEYSTORE_PASS", "-keypass:env", "LAB_KEYSTORE_PASS");
            keytool(env, "-exportcert", "-rfc", "-alias", "token", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass:env", "LAB_KEYSTORE_PASS", "-file", cert.toString());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, storePass.toCharArray());
            }
            PrivateKey key = (PrivateKey) ks.getKey("token", storePass.toCharArray());
            Certificate certificate = ks.getCertificate("token");
            String kid = libtrustKeyId(certificate.getPublicKey());

            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "lab-token-issuer");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            TokenIssuer issuer = new TokenIssuer(server, executor, service, username, password, key, kid, cert);
            server.createContext("/token", issuer::handle);
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the token signing key", e);
        }
    }

    private static void keytool(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(Arrays.asList(args));
        ExecResult r = ExecResult.run(cmd, env, null, Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new AssertionError("keytool failed: " + r.describe());
        }
    }

    /** The realm URL, {@code http://127.0.0.1:PORT/token}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The {@code iss} claim (and the registry's {@code auth.token.issuer}). */
    public String issuer() {
        return ISSUER;
    }

    /** The service name the tokens are for ({@code aud}). */
    public String service() {
        return service;
    }

    /** The PEM certificate given to the registry as {@code rootcertbundle}. */
    public Path certificateFile() {
        return certificateFile;
    }

    /** The JWT header {@code kid}: libtrust key ID of the signing key. */
    public String keyId() {
        return keyId;
    }

    /** Number of {@code /token} requests so far (granted, anonymous and rejected). */
    public int requestCount() {
        return requestCount.get();
    }

    /** Number of {@code /token} requests answered 401. */
    public int rejectedCount() {
        return rejectedCount.get();
    }

    /** Every scope requested so far, in order, one entry per scope (space-separated lists are split). */
    public List<String> requestedScopes() {
        return List.copyOf(requestedScopes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The refresh token ("identitytoken" of a docker config) that the OAuth2 endpoint accepts. */
    public String refreshToken() {
        return refreshToken;
    }

    /** The OAuth2 {@code grant_type} of every POST so far ({@code refresh_token}, {@code password}). */
    public List<String> grantTypes() {
        return List.copyOf(grantTypes);
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestCount.incrementAndGet();
            if ("POST".equals(exchange.getRequestMethod())) {
                handleOAuth(exchange);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"only GET and POST\"}]}");
                return;
            }
            Map<String, List<String>> params = parseQuery(exchange.getRequestURI().getRawQuery());
            List<String> scopes = new ArrayList<>();
            for (String raw : params.getOrDefault("scope", List.of())) {
                for (String s : raw.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        scopes.add(s);
                    }
                }
            }
            requestedScopes.addAll(scopes);
            String requestedService = first(params, "service");
            if (requestedService != null && !requestedService.equals(service)) {
                reject(exchange, "unknown service " + requestedService);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String subject;
            List<String> granted;
            if (authorization == null) {
                subject = "";
                granted = List.of();
            } else if (validBasic(authorization)) {
                subject = username;
                granted = scopes;
            } else {
                reject(exchange, "invalid credentials");
                return;
            }
            String jwt = sign(subject, granted);
            ObjectNode body = JSON.createObjectNode();
            body.put("token", jwt);
            body.put("access_token", jwt);
            body.put("expires_in", EXPIRES_IN_SECONDS);
            body.put("issued_at", Instant.now().toString());
            send(exchange, 200, JSON.writeValueAsString(body));
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"" + e.getClass().getSimpleName()
                    + "\"}]}");
        }
    }

    /**
     * The OAuth2 form of the token spec (distribution's "oauth.md"): {@code grant_type} refresh_token (with
     * {@code refresh_token}) or password (with {@code username}, {@code password}), a required {@code client_id},
     * {@code service}, and a space-separated {@code scope}. Answers {@code access_token}, as that spec says.
     */
    private void handleOAuth(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            send(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"form expected\"}");
            return;
        }
        Map<String, List<String>> form = parseQuery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String grantType = first(form, "grant_type");
        grantTypes.add(String.valueOf(grantType));
        if (first(form, "client_id") == null || first(form, "client_id").isEmpty()) {
            send(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"client_id missing\"}");
            return;
        }
        String requestedService = first(form, "service");
        if (requestedService != null && !requestedService.equals(service)) {
            reject(exchange, "unknown service " + requestedService);
            return;
        }
        boolean valid;
        if ("refresh_token".equals(grantType)) {
            String given = first(form, "refresh_token");
            valid = given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    refreshToken.getBytes(StandardCharsets.UTF_8));
        } else if ("password".equals(grantType)) {
            valid = username.equals(first(form, "username")) && password.equals(first(form, "password"));
        } else {
            send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (!valid) {
            reject(exchange, "invalid grant");
            return;
        }
        List<String> scopes = new ArrayList<>();
        for (String raw : form.getOrDefault("scope", List.of())) {
            for (String scope : raw.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        requestedScopes.addAll(scopes);
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", sign(username, scopes));
        body.put("scope", String.join(" ", scopes));
        body.put("expires_in", EXPIRES_IN_SECONDS);
        body.put("issued_at", Instant.now().toString());
        send(exchange, 200, JSON.writeValueAsString(body));
    }

    private void reject(HttpExchange exchange, String why) throws IOException {
        rejectedCount.incrementAndGet();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"lab-token-issuer\"");
        send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + why + "\"}]}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private boolean validBasic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return userOk & passOk;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    // ---------------------------------------------------------------- JWT

    private String sign(String subject, List<String> scopes) {
        long now = Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", keyId);
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", service);
        claims.put("exp", now + EXPIRES_IN_SECONDS);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            // type:name:actions; the name may itself contain ':' (e.g. host:port), so split at the first and last
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) {
                continue;
            }
            ObjectNode entry = access.addObject();
            entry.put("type", scope.substring(0, first));
            entry.put("name", scope.substring(first + 1, last));
            ArrayNode actions = entry.putArray("actions");
            Set<String> unique = new LinkedHashSet<>(Arrays.asList(scope.substring(last + 1).split(",")));
            unique.stream().filter(a -> !a.isBlank()).forEach(actions::add);
        }
        try {
            String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(privateKey);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(sig.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The libtrust key ID (docker/libtrust {@code keyIDFromCryptoKey}) that registry 2.8 matches against the JWT
     * header {@code kid}: SHA-256 of the DER SubjectPublicKeyInfo, first 30 bytes (240 bits), base32 (RFC 4648,
     * no padding: 48 chars), in 12 groups of 4 joined by ':' (e.g. {@code ABCD:EFGH:...}).
     */
    public static String libtrustKeyId(PublicKey publicKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            String b32 = base32(Arrays.copyOf(hash, 30));
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < b32.length(); i += 4) {
                if (i > 0) {
                    id.append(':');
                }
                id.append(b32, i, i + 4);
            }
            return id.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
