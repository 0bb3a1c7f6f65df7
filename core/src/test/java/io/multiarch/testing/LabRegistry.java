package io.multiarch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real registry (distribution 2.8.2, {@code docker-registry serve config.yml}) on a free loopback port,
 * with its storage in a temp dir, {@code storage.delete.enabled: true}, and stdout+stderr in {@link #logFile()}.
 * Start one per test class with {@link #start(Auth)} and close it in {@code @AfterAll}.
 *
 * <h2>Authentication</h2>
 * <ul>
 * <li>{@link Auth#NONE}: anyone may pull and push.</li>
 * <li>{@link Auth#BASIC}: {@code auth.htpasswd} with a bcrypt file made by {@code htpasswd -iBn} (password on
 * stdin, never in argv).</li>
 * <li>{@link Auth#TOKEN}: {@code auth.token}; the realm is a {@link TokenIssuer} on another loopback port that
 * grants every requested action to {@link #username()}/{@link #password()}.</li>
 * </ul>
 * The password is {@code "canary-" + 32 hex chars}, so a test can assert it never shows up in logs, reports
 * or process arguments.
 *
 * <h2>What the log shows</h2>
 * The log holds, per request, one Apache "combined" access-log line ({@code 127.0.0.1 - - [date] "PUT /v2/... HTTP/1.1"
 * 201 0 "" "user agent"}) and one to three logrus lines ({@code time="..." level=info msg="response completed" ...
 * http.request.method=PUT http.request.uri="..." http.response.status=201}; with auth also
 * {@code msg="authorized request"} or {@code level=warning msg="error authorizing context: ..."}; for 4xx/5xx
 * {@code level=error msg="response completed with error"}). So a predicate like
 * {@code l.contains("PUT") && l.contains("/blobs/uploads/")} counts a request several times: match the access
 * line ({@code l.contains("\"PUT /v2/team/a/blobs/uploads/")}), use {@link #accessLogLines()}, or use the
 * predicates {@link #blobUploadCompleted(String)}, {@link #blobMounted(String)}, {@link #mountFallback(String)},
 * {@link #manifestPut(String)}, which match access lines only. Seen for {@code docker push} (engine 20.10):
 * <ul>
 * <li><b>blob upload</b> (the blob is sent): {@code POST /v2/<repo>/blobs/uploads/} 202, then one or more
 * {@code PATCH /v2/<repo>/blobs/uploads/<uuid>?_state=...} 202, then
 * {@code PUT /v2/<repo>/blobs/uploads/<uuid>?_state=...&digest=sha256%3A<hex>} 201 (a monolithic upload is
 * POST 202 + PUT 201 without PATCH). Count uploads with the PUT 201 line:
 * <pre>127.0.0.1 - - [26/Nov/2026:15:32:25 +0000] "PUT /v2/team/a/blobs/uploads/51bddd03-...?_state=RLlL...&amp;digest=sha256%3Ae678d7947a85... HTTP/1.1" 201 0 "" "docker/20.10.24+dfsg1 go/go1.19.8 ..."</pre></li>
 * <li><b>cross-repository mount</b> (nothing is sent): a single {@code POST} with {@code from=} and
 * {@code mount=} answered <b>201</b>:
 * <pre>127.0.0.1 - - [26/Nov/2026:15:32:29 +0000] "POST /v2/team/b/blobs/uploads/?from=team%2Fa&amp;mount=sha256%3Aad30b2c76d9f... HTTP/1.1" 201 0 "" "docker/20.10.24+dfsg1 ..."</pre>
 * (docker puts {@code from} first; other clients may send {@code mount=...&from=...}). Docker 20.10 mounts
 * layers only; it always uploads the (small) config blob, even when the source repo has it.</li>
 * <li><b>mount fallback</b> (source repo lacks the blob, or no pull access on it): the same POST is answered
 * <b>202</b> with an upload session, and the client then uploads normally (PATCH 202 + PUT 201):
 * <pre>127.0.0.1 - - [26/Nov/2026:15:32:32 +0000] "POST /v2/team/c/blobs/uploads/?from=team%2Fnope&amp;mount=sha256%3Aad30b2c76d9f... HTTP/1.1" 202 0 "" "curl/7.88.1"</pre></li>
 * <li>existence checks: {@code HEAD /v2/<repo>/blobs/sha256:<hex>} 404 (absent) or 200;
 * manifest: {@code PUT /v2/<repo>/manifests/<tag-or-digest>} 201.</li>
 * </ul>
 * With {@link Auth#BASIC}/{@link Auth#TOKEN} every unauthenticated attempt also logs a 401.
 * <p>The registry writes a request's log line after handling it, so a line can lag the client's view by
 * a moment; {@link #logLines()} (and everything built on it) first sends a marker request and waits until
 * that request is in the log, so all requests completed before the call are counted.
 */
public final class LabRegistry implements AutoCloseable {

    /** How the registry authenticates clients. */
    public enum Auth { NONE, BASIC, TOKEN }

    /** The registry's service name (the token's {@code aud}). */
    public static final String SERVICE = "lab-registry";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final String SYNC_MARKER = "lab-log-sync=";
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) ([^\"]*)\" (\\d{3}) (\\S+)(?: \"([^\"]*)\" \"(.*)\")?\\s*$");

    /**
     * One parsed access-log line.
     *
     * @param method HTTP method
     * @param uri request URI as logged (path plus raw query)
     * @param status response status
     * @param userAgent the client's user agent ("" if absent)
     * @param line the whole log line
     */
    public record AccessLogEntry(String method, String uri, int status, String userAgent, String line) {
        /** The path part of {@link #uri()}. */
        public String path() {
            int q = uri.indexOf('?');
            return q < 0 ? uri : uri.substring(0, q);
        }

        /** The raw query of {@link #uri()}, or "". */
        public String query() {
            int q = uri.indexOf('?');
            return q < 0 ? "" : uri.substring(q + 1);
        }
    }

    private final Auth auth;
    private final Path dir;
    private final Path logFile;
    private final String username;
    private final String password;
    private final TokenIssuer tokenIssuer;
    private final List<Path> extraCleanup = new CopyOnWriteArrayList<>();
    private boolean tls;
    private HttpClient http = plainClient();
    private Process process;
    private Thread shutdownHook;
    private int port;
    private volatile boolean closed;

        private LabRegistry(Auth auth, Path dir, String username, String password, TokenIssuer tokenIssuer) {
        this.auth = auth;
        this.dir = dir;
        this.logFile = dir.resolve("registry.log");
        this.username = username;
        this.password = password;
        this.tokenIssuer = tokenIssuer;
    }

    /**
     * Starts a registry and waits until {@code GET /v2/} answers 200 or 401.
     *
     * @throws AssertionError with the log tail if it does not come up within about 15 s
     */
    public static LabRegistry start(Auth auth) {
        return start(auth, false);
    }

    /**
     * A registry that serves HTTPS only, with a self-signed certificate for 127.0.0.1 (made by
     * openssl), as many local registries do; docker treats it as insecure because it is on loopback.
     */
    public static LabRegistry startTls() {
        return start(Auth.NONE, true);
    }

    private static HttpClient plainClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static HttpClient trustingClient() {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                    // test registry with a self-signed certificate
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                    // test registry with a self-signed certificate
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            javax.net.ssl.SSLParameters params = new javax.net.ssl.SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                    .sslContext(context).sslParameters(params).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("no TLS in this JVM", e);
        }
    }

    private static LabRegistry start(Auth auth, boolean tls) {
        Path dir;
        try {
            dir = Files.createTempDirectory("lab-registry-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabRegistry reg = null;
        try {
            String user = auth == Auth.NONE ? null : "lab-user";
            String pass = auth == Auth.NONE ? null : "canary-" + randomHex(16);
            TokenIssuer issuer = auth == Auth.TOKEN ? TokenIssuer.start(dir, SERVICE, user, pass) : null;
            reg = new LabRegistry(auth, dir, user, pass, issuer);
            if (tls) {
                reg.makeCertificate();
            }
            reg.writeAuthFiles();
            reg.launchWithRetries();
            return reg;
        } catch (RuntimeException | Error e) {
            if (reg != null) {
                reg.close();
            } else {
                deleteRecursively(dir);
            }
            throw e;
        }
    }

    /** The auth mode. */
    public Auth auth() {
        return auth;
    }

    /** {@code "127.0.0.1:PORT"}: prefix of image references and the key in docker's config.json. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code "http://127.0.0.1:PORT"}. */
    public URI baseUri() {
        return URI.create((tls ? "https://" : "http://") + host());
    }

    /** The user for BASIC/TOKEN, null for NONE. */
    public String username() {
        return username;
    }

    /** The password ({@code canary-<hex>}) for BASIC/TOKEN, null for NONE. */
    public String password() {
        return password;
    }

    /** The token issuer, null unless {@link Auth#TOKEN}. */
    public TokenIssuer tokenIssuer() {
        return tokenIssuer;
    }

    /** The registry process' stdout+stderr. Deleted by {@link #close()}. */
    public Path logFile() {
        return logFile;
    }

    /** The registry's temp dir (config.yml, storage under {@code data/}, auth files, log). */
    public Path directory() {
        return dir;
    }

    /** All log lines written so far (after a marker round trip, see the class comment), markers excluded. */
    public List<String> logLines() {
        syncLog();
        return readLog().stream().filter(l -> !l.contains(SYNC_MARKER)).toList();
    }

    /** Number of {@link #logLines()} matching {@code predicate}. */
    public long countLogLines(Predicate<String> predicate) {
        return logLines().stream().filter(predicate).count();
    }

    /** Only the Apache-style access-log lines of {@link #logLines()} (one per request). */
    public List<String> accessLogLines() {
        return logLines().stream().filter(l -> parseAccessLine(l).isPresent()).toList();
    }

    /** The access-log lines, parsed (marker requests excluded). */
    public List<AccessLogEntry> accessLog() {
        return logLines().stream().map(LabRegistry::parseAccessLine).flatMap(Optional::stream).toList();
    }

    /** The last {@code n} lines of the log, for failure messages (no marker round trip). */
    public String logTail(int n) {
        List<String> lines = readLog();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Parses an Apache combined access-log line; empty for logrus lines and anything else. */
    public static Optional<AccessLogEntry> parseAccessLine(String line) {
        if (line.startsWith("time=")) {
            return Optional.empty();
        }
        Matcher m = ACCESS_LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AccessLogEntry(m.group(3), m.group(4), Integer.parseInt(m.group(6)),
                m.group(9) == null ? "" : m.group(9), line));
    }

    /** Access line of a finished blob upload into {@code repo}: {@code PUT /v2/<repo>/blobs/uploads/...} 201. */
    public static Predicate<String> blobUploadCompleted(String repo) {
        return access(e -> e.method().equals("PUT") && e.path().startsWith("/v2/" + repo + "/blobs/uploads/")
                && e.status() == 201);
    }

    /** Access line of a successful cross-repo mount into {@code repo}: POST with {@code mount=} answered 201. */
    public static Predicate<String> blobMounted(String repo) {
        return access(e -> isMountPost(e, repo) && e.status() == 201);
    }

    /** Access line of a refused mount into {@code repo} (POST with {@code mount=} answered 202: upload follows). */
    public static Predicate<String> mountFallback(String repo) {
        return access(e -> isMountPost(e, repo) && e.status() == 202);
    }

    /** Access line of a successful manifest PUT into {@code repo} (any tag or digest). */
    public static Predicate<String> manifestPut(String repo) {
        return access(e -> e.method().equals("PUT") && e.path().startsWith("/v2/" + repo + "/manifests/")
                && e.status() == 201);
    }

    /** Matches access lines whose parsed entry satisfies {@code p}. */
    public static Predicate<String> access(Predicate<AccessLogEntry> p) {
        return line -> parseAccessLine(line).filter(p).isPresent();
    }

    private static boolean isMountPost(AccessLogEntry e, String repo) {
        return e.method().equals("POST") && e.path().equals("/v2/" + repo + "/blobs/uploads/")
                && (e.query().startsWith("mount=") || e.query().contains("&mount="));
    }

    /** Deletes {@code path} (file or directory tree) in {@link #close()}. */
    public void deleteOnClose(Path path) {
        extraCleanup.add(path);
    }

    /**
     * Stops the registry (and token issuer), removes local engine tags pointing at this registry
     * (best effort), and deletes the temp dir and everything registered with {@link #deleteOnClose(Path)}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        if (tokenIssuer != null) {
            tokenIssuer.close();
        }
        if (port != 0) {
            removeLocalTags();
        }
        extraCleanup.forEach(LabRegistry::deleteRecursively);
        deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "LabRegistry[" + auth + " " + host() + "]";
    }

    // ---------------------------------------------------------------- internals

    private void makeCertificate() {
        ExecResult.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"), Map.of(), null, Duration.ofSeconds(60))
                .assertOk();
        tls = true;
        http = trustingClient();
    }

    private void writeAuthFiles() {
        try {
            if (auth == Auth.BASIC) {
                ExecResult r = ExecResult.run(List.of("htpasswd", "-iBn", username), Map.of(), password,
                        Duration.ofSeconds(30));
                String entry = r.stdout().trim();
                if (!r.ok() || !entry.startsWith(username + ":$2")) {
                    throw new AssertionError("htpasswd did not make a bcrypt entry (apache2-utils installed?"
                            + " run scripts/setup.sh): exit " + r.exitCode() + " " + r.stderr());
                }
                Files.writeString(dir.resolve("htpasswd"), entry + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config(int listenPort) {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n")
                .append("log:\n")
                .append("  level: info\n")
                .append("  formatter: text\n")
                .append("  accesslog:\n")
                .append("    disabled: false\n")
                .append("  fields:\n")
                .append("    service: lab-registry\n")
                .append("storage:\n")
                .append("  filesystem:\n")
                .append("    rootdirectory: ").append(quote(dir.resolve("data").toString())).append('\n')
                .append("  delete:\n")
                .append("    enabled: true\n")
                .append("  maintenance:\n")
                .append("    uploadpurging:\n")
                .append("      enabled: false\n")
                .append("http:\n")
                .append("  addr: 127.0.0.1:").append(listenPort).append('\n')
                .append("  secret: ").append(randomHex(16)).append('\n')
                .append(tls ? "  tls:\n    certificate: " + quote(dir.resolve("cert.pem").toString()) + "\n    key: "
                        + quote(dir.resolve("key.pem").toString()) + "\n" : "")
                .append("  headers:\n")
                .append("    X-Content-Type-Options: [nosniff]\n");
        switch (auth) {
            case NONE -> { }
            case BASIC -> y.append("auth:\n")
                    .append("  htpasswd:\n")
                    .append("    realm: lab-basic-realm\n")
                    .append("    path: ").append(quote(dir.resolve("htpasswd").toString())).append('\n');
            case TOKEN -> y.append("auth:\n")
                    .append("  token:\n")
                    .append("    realm: ").append(quote(tokenIssuer.realm())).append('\n')
                    .append("    service: ").append(SERVICE).append('\n')
                    .append("    issuer: ").append(quote(tokenIssuer.issuer())).append('\n')
                    .append("    rootcertbundle: ").append(quote(tokenIssuer.certificateFile().toString()))
                    .append('\n');
        }
        return y.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void launchWithRetries() {
        AssertionError last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int candidate = freePort();
            try {
                launch(candidate);
                return;
            } catch (AssertionError e) {
                last = e;
                stopProcess();
                // another process may have taken the port between probe and bind: try another one
                if (!readLog().stream().anyMatch(l -> l.contains("address already in use"))) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private void launch(int listenPort) {
        Path config = dir.resolve("config.yml");
        try {
            Files.writeString(config, config(listenPort));
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder("docker-registry", "serve", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // the packaged registry honours REGISTRY_* variables, which would override our config
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start docker-registry (run scripts/setup.sh as root): "
                    + e.getMessage(), e);
        }
        Process p = process;
        shutdownHook = new Thread(() -> p.destroyForcibly(), "lab-registry-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        port = listenPort;
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String lastError = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited with code " + process.exitValue()
                        + " during startup (config " + config + "). Log tail:\n" + logTail(30));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(baseUri().resolve("/v2/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
                lastError = "HTTP " + r.statusCode();
            } catch (IOException e) {
                lastError = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the registry", e);
            }
            sleep(50);
        }
        throw new AssertionError("docker-registry did not answer GET " + baseUri() + "/v2/ within "
                + STARTUP_TIMEOUT.toSeconds() + " s (last: " + lastError + "). Log tail:\n" + logTail(30));
    }

    private void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // JVM is shutting down already
            }
            shutdownHook = null;
        }
    }

    /** Sends a marker request and waits (up to 2 s) until its access line is in the log. */
    private void syncLog() {
        if (process == null || !process.isAlive()) {
            return;
        }
        String marker = SYNC_MARKER + UUID.randomUUID();
        try {
            http.send(HttpRequest.newBuilder(baseUri().resolve("/v2/?" + marker)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (readLog().stream().anyMatch(l -> !l.startsWith("time=") && l.contains(marker))) {
                return;
            }
            sleep(10);
        }
    }

    private List<String> readLog() {
        try {
            if (!Files.exists(logFile)) {
                return List.of();
            }
            // the registry may be mid-write: decode leniently and drop a trailing partial line
            String text = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.isEmpty() && !text.endsWith("\n") && !lines.isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeLocalTags() {
        try {
            ExecResult images = DockerCli.run(Map.of(), null, Duration.ofSeconds(20),
                    "images", "--format", "{{.Repository}}:{{.Tag}}");
            if (!images.ok()) {
                return;
            }
            List<String> refs = images.stdout().lines().map(String::trim)
                    .filter(l -> l.startsWith(host() + "/") && !l.endsWith(":<none>")).toList();
            if (!refs.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rmi"));
                args.addAll(refs);
                DockerCli.run(Map.of(), null, Duration.ofSeconds(60), args.toArray(String[]::new));
            }
        } catch (AssertionError | RuntimeException e) {
            // best effort: no engine, or it is busy
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
