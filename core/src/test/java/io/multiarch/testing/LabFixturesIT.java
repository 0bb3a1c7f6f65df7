package io.multiarch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Smoke test of the lab fixtures against the real engine, registry, skopeo and qemu: for each auth mode a
 * registry is started, amd64 and s390x images are pushed, their digests are checked with skopeo and the s390x
 * image is run under emulation.
 */
class LabFixturesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void engine() {
        DockerCli.requireEngine();
    }

    @ParameterizedTest
    @EnumSource(LabRegistry.Auth.class)
    void pushInspectAndRunForEachAuthMode(LabRegistry.Auth auth) throws Exception {
        try (LabRegistry reg = LabRegistry.start(auth)) {
            assertThat(reg.host()).matches("127\\.0\\.0\\.1:\\d+");
            Path config = DockerCli.login(reg);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");

            PushedImage amd64 = TestImages.push(reg, config, "linux/amd64", "team/app-amd64:1.0");
            PushedImage s390x = TestImages.push(reg, config, "linux/s390x", "team/app-s390x:1.0");
            assertThat(amd64.reference()).isEqualTo(reg.host() + "/team/app-amd64:1.0");
            assertThat(amd64.digest()).matches("sha256:[0-9a-f]{64}").isNotEqualTo(s390x.digest());
            assertThat(s390x.repository()).isEqualTo("team/app-s390x");
            assertThat(s390x.tag()).isEqualTo("1.0");

            for (PushedImage image : List.of(amd64, s390x)) {
                ExecResult raw = skopeo(config, "inspect", "--raw", "docker://" + image.reference());
                assertThat(raw.exitCode()).as(raw.describe()).isZero();
                assertThat(sha256(raw.stdout().getBytes(StandardCharsets.UTF_8))).isEqualTo(image.digest());
                ExecResult inspect = skopeo(config, "inspect", "docker://" + image.reference());
                assertThat(inspect.exitCode()).as(inspect.describe()).isZero();
                JsonNode info = JSON.readTree(inspect.stdout());
                assertThat(info.path("Architecture").asText()).isEqualTo(image.platform().substring(6));
                assertThat(info.path("Labels").path(TestImages.PLATFORM_LABEL).asText()).isEqualTo(image.platform());
            }

            ExecResult run = DockerCli.run(DockerCli.env(config), "run", "--rm", "--platform", "linux/s390x",
                    s390x.reference(), "sh", "-c", "uname -m; cat /etc/multiarch-platform");
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stdout().lines().toList()).containsExactly("s390x", "linux/s390x");

            // the same amd64 image into another repository: docker mounts its layers from team/app-amd64
            TestImages.push(reg, config, "linux/amd64", "team/other:1.0");
            assertThat(reg.countLogLines(LabRegistry.blobUploadCompleted("team/app-amd64"))).isEqualTo(3);
            assertThat(reg.countLogLines(LabRegistry.blobMounted("team/other"))).isEqualTo(2);
            assertThat(reg.countLogLines(LabRegistry.blobUploadCompleted("team/other"))).isEqualTo(1); // config
            assertThat(reg.countLogLines(LabRegistry.manifestPut("team/app-s390x"))).isEqualTo(1);
            assertThat(reg.countLogLines(LabRegistry.mountFallback("team/other"))).isZero();

            if (auth == LabRegistry.Auth.NONE) {
                assertThat(reg.username()).isNull();
                assertThat(reg.tokenIssuer()).isNull();
                assertThat(get(reg.baseUri().resolve("/v2/"), null).statusCode()).isEqualTo(200);
            } else {
                assertThat(reg.password()).startsWith("canary-");
                assertThat(reg.logLines()).noneMatch(l -> l.contains(reg.password()));
                assertThat(get(reg.baseUri().resolve("/v2/"), null).statusCode()).isEqualTo(401);
                ExecResult anonymous = ExecResult.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                        "--authfile", writeEmptyAuthFile(config).toString(), "docker://" + amd64.reference()),
                        Map.of(), null, Duration.ofSeconds(60));
                assertThat(anonymous.exitCode()).as(anonymous.describe()).isNotZero();
            }
            if (auth == LabRegistry.Auth.BASIC) {
                assertThat(get(reg.baseUri().resolve("/v2/team/app-amd64/manifests/1.0"),
                        basic(reg.username(), reg.password())).statusCode()).isEqualTo(200);
                assertThat(reg.tokenIssuer()).isNull();
            }
            if (auth == LabRegistry.Auth.TOKEN) {
                TokenIssuer issuer = reg.tokenIssuer();
                assertThat(issuer.requestCount()).isGreaterThanOrEqualTo(3);
                assertThat(issuer.requestedScopes())
                        .contains("repository:team/app-s390x:push,pull", "repository:team/other:push,pull",
                                "repository:team/app-amd64:pull");
                assertThat(issuer.keyId()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
            }
        }
    }

    /** The token dance done by hand, as a registry client without docker would do it. */
    @Test
    void tokenAuthWorksOverPlainHttp() throws Exception {
        try (LabRegistry reg = LabRegistry.start(LabRegistry.Auth.TOKEN)) {
            Path config = DockerCli.login(reg);
            PushedImage image = TestImages.push(reg, config, "linux/amd64", "team/plain:1.0");
            TokenIssuer issuer = reg.tokenIssuer();

            URI manifest = reg.baseUri().resolve("/v2/team/plain/manifests/1.0");
            HttpResponse<String> challenge = get(manifest, null);
            assertThat(challenge.statusCode()).isEqualTo(401);
            String wwwAuth = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(wwwAuth).startsWith("Bearer ")
                    .contains("realm=\"" + issuer.realm() + "\"")
                    .contains("service=\"" + LabRegistry.SERVICE + "\"")
                    .contains("scope=\"repository:team/plain:pull\"");

            // wrong password: 401 from the issuer
            URI tokenUri = URI.create(issuer.realm() + "?service=" + LabRegistry.SERVICE
                    + "&scope=repository:team/plain:pull");
            assertThat(get(tokenUri, basic(reg.username(), "wrong")).statusCode()).isEqualTo(401);
            assertThat(issuer.rejectedCount()).isEqualTo(1);

            // anonymous: a token, but without access
            String anonymousToken = token(get(tokenUri, null));
            assertThat(get(manifest, "Bearer " + anonymousToken).statusCode()).isEqualTo(401);

            // valid credentials; two scopes in one parameter (space separated) plus a second parameter
            URI multi = URI.create(issuer.realm() + "?service=" + LabRegistry.SERVICE
                    + "&scope=repository:team/plain:pull%20repository:team/x:pull,push&scope=repository:team/y:delete");
            HttpResponse<String> granted = get(multi, basic(reg.username(), reg.password()));
            assertThat(granted.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(granted.body());
            assertThat(body.path("expires_in").asInt()).isEqualTo(300);
            assertThat(body.path("access_token").asText()).isEqualTo(body.path("token").asText());
            String[] jwt = body.path("token").asText().split("\\.");
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            assertThat(header.path("alg").asText()).isEqualTo("RS256");
            assertThat(header.path("kid").asText()).isEqualTo(issuer.keyId());
            assertThat(claims.path("aud").asText()).isEqualTo(LabRegistry.SERVICE);
            assertThat(claims.path("sub").asText()).isEqualTo(reg.username());
            assertThat(claims.path("access").toString()).isEqualTo("[{\"type\":\"repository\",\"name\":\"team/plain\","
                    + "\"actions\":[\"pull\"]},{\"type\":\"repository\",\"name\":\"team/x\",\"actions\":[\"pull\","
                    + "\"push\"]},{\"type\":\"repository\",\"name\":\"team/y\",\"actions\":[\"delete\"]}]");
            assertThat(issuer.requestedScopes()).containsSubsequence("repository:team/plain:pull",
                    "repository:team/x:pull,push", "repository:team/y:delete");

            HttpResponse<String> pulled = HTTP.send(HttpRequest.newBuilder(manifest)
                    .header("Authorization", "Bearer " + body.path("token").asText())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(pulled.headers().firstValue("Docker-Content-Digest")).hasValue(image.digest());
            assertThat(reg.logLines()).noneMatch(l -> l.contains(reg.password()));
        }
    }

    private static ExecResult skopeo(Path dockerConfig, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("skopeo"));
        cmd.addAll(List.of(args).subList(0, 1));
        cmd.addAll(List.of("--tls-verify=false", "--authfile", dockerConfig.resolve("config.json").toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        return ExecResult.run(cmd, Map.of(), null, Duration.ofSeconds(60));
    }

    private static Path writeEmptyAuthFile(Path dir) throws Exception {
        Path file = dir.resolve("empty-auth.json");
        Files.writeString(file, "{\"auths\":{}}");
        return file;
    }

    private static String token(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("token").asText();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
