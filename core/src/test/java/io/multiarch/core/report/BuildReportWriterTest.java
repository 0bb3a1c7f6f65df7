package io.multiarch.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarch.core.build.BuildMode;
import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.build.PlatformStatus;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.PublishResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BuildReportWriterTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final ImageRef IMAGE = ImageRef.parse("reg.example.com:5000/team/app:1.0");
    private static final Digest AMD64 = Digest.sha256("amd64".getBytes(StandardCharsets.UTF_8));
    private static final Digest S390X = Digest.sha256("s390x".getBytes(StandardCharsets.UTF_8));
    private static final Digest ARM64 = Digest.sha256("arm64".getBytes(StandardCharsets.UTF_8));
    private static final Digest LIST = Digest.sha256("list".getBytes(StandardCharsets.UTF_8));
    private static final String ERROR = "RUN make failed: <script>alert('x')</script> & exit 2";

    @TempDir
    Path tmp;

    @Test
    void jsonHasEveryPlatformWithStatusesAndRelativeLogs() throws IOException {
        Path dir = BuildReportWriter.write(tmp.resolve("report"), failedBuild());

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("image").asText()).isEqualTo("reg.example.com:5000/team/app:1.0");
        assertThat(json.get("published").asBoolean()).isFalse();
        assertThat(json.get("failure").asText()).contains("linux/s390x");
        assertThat(json.get("list").isNull()).isTrue();
        assertThat(json.get("durationMillis").asLong()).isEqualTo(260_000);
        JsonNode platforms = json.get("platforms");
        assertThat(platforms).extracting(p -> p.get("status").asText())
                .containsExactly("succeeded", "failed", "cancelled");
        assertThat(platforms).extracting(p -> p.get("mode").asText()).containsExactly("native", "emulated", "native");
        JsonNode s390x = platforms.get(1);
        assertThat(s390x.get("platform").asText()).isEqualTo("linux/s390x");
        assertThat(s390x.get("log").asText()).isEqualTo("logs/linux-s390x.log");
        assertThat(s390x.get("exitCode").asInt()).isEqualTo(2);
        assertThat(s390x.get("error").asText()).isEqualTo(ERROR);
        assertThat(s390x.get("start").asText()).isEqualTo("2024-05-01T10:00:03Z");
        assertThat(s390x.get("durationMillis").asLong()).isEqualTo(247_000);
        JsonNode amd64 = platforms.get(0);
        assertThat(amd64.get("digest").asText()).isEqualTo(AMD64.toString());
        assertThat(amd64.get("size").asLong()).isEqualTo(52_428_800);
        assertThat(Path.of(amd64.get("log").asText())).isAbsolute();
    }

    @Test
    void jsonOfAPublishedBuildEmbedsTheList() throws IOException {
        Path dir = BuildReportWriter.write(tmp.resolve("report"), publishedBuild());

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("published").asBoolean()).isTrue();
        assertThat(json.get("failure").isNull()).isTrue();
        assertThat(json.get("list").get("digest").asText()).isEqualTo(LIST.toString());
        assertThat(json.get("list").get("manifests")).hasSize(3);
        assertThat(json.get("platforms")).extracting(p -> p.get("status").asText()).containsOnly("succeeded");
    }

    @Test
    void junitIsWellFormedWithTheLogTailOfFailures() throws Exception {
        Path dir = BuildReportWriter.write(tmp.resolve("report"), failedBuild());

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("multiarch build reg.example.com:5000/team/app:1.0");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("260.000");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element s390x = (Element) cases.item(1);
        assertThat(s390x.getAttribute("classname")).isEqualTo("multiarch.team.app");
        assertThat(s390x.getAttribute("name")).isEqualTo("linux/s390x");
        assertThat(s390x.getAttribute("time")).isEqualTo("247.000");

        Element failure = (Element) s390x.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo(ERROR);
        String body = failure.getTextContent();
        assertThat(body).contains("<script>alert('log')</script>", "bad  byte", "step 59 of 60")
                .doesNotContain("\u0001", "step 9 of 60", "\u001B");
        assertThat(body.lines()).hasSizeLessThanOrEqualTo(JunitBuildReport.TAIL_LINES);
        assertThat(((Element) cases.item(2)).getElementsByTagName("skipped").item(0).getAttributes()
                .getNamedItem("message").getNodeValue()).isEqualTo("cancelled because linux/s390x failed");
        assertThat(s390x.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("agent: amd64-agent-2", "mode: emulated", "digest: -", "image: " + IMAGE.withTag("1.0-s390x"));
    }

    @Test
    void htmlEscapesUserValuesAndDrawsABarPerStartedPlatform() throws IOException {
        Path dir = BuildReportWriter.write(tmp.resolve("report"), failedBuild());

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; exit 2")
                .doesNotContainIgnoringCase("<script")
                .contains("<svg", "class=\"banner failure\"", "href=\"./logs/linux-s390x.log\"")
                .contains("title=\"" + AMD64 + "\"", AMD64.shortHex() + "\u2026")
                .contains("50.0 MiB", "1m 33s", "succeeded", "failed", "cancelled");
        assertThat(bars(html)).containsExactly("bar succeeded native", "bar failed emulated", "bar cancelled native");
        assertThat(html).containsPattern("<rect class=\"bar failed emulated\"[^>]*><title>linux/s390x: failed after 4m 07s");
        assertThat(html).containsOnlyOnce("fill=\"url(#hatch)\"");
        assertNothingExternal(html);
    }

    @Test
    void htmlOfAPublishedBuildShowsTheListDigest() throws IOException {
        Path dir = BuildReportWriter.write(tmp.resolve("report"), publishedBuild());

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("class=\"banner success\"", LIST.toString(), "<code>latest</code>")
                .doesNotContain("banner failure");
        assertThat(bars(html)).hasSize(3);
        assertNothingExternal(html);
    }

    @Test
    void platformsThatNeverStartedHaveAnEmptyRowAndAreSkipped() throws Exception {
        List<PlatformResult> platforms = new ArrayList<>(failedBuild().platforms());
        platforms.add(new PlatformResult(Platform.parse("linux/ppc64le"), null, null, null, null,
                PlatformStatus.NOT_STARTED, -1, null, null, 0, null, null));
        BuildOutcome outcome = new BuildOutcome(IMAGE, List.of("1.0"), platforms, null, T0, T0.plusSeconds(260),
                "linux/s390x failed");
        Path dir = BuildReportWriter.write(tmp.resolve("report"), outcome);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(bars(html)).hasSize(3);
        assertThat(html).contains(">not started</text>", "<span class=\"status not_started\">not started</span>");
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile()).getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        JsonNode last = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("platforms").get(3);
        assertThat(last.get("status").asText()).isEqualTo("not_started");
        assertThat(last.get("start").isNull()).isTrue();
        assertThat(last.get("log").isNull()).isTrue();
    }

    @Test
    void relativeHrefsArePercentEncoded() {
        assertThat(HtmlBuildReport.relativeHref("logs/linux s390x#1.log")).isEqualTo("./logs/linux%20s390x%231.log");
        assertThat(HtmlBuildReport.relativeHref("c:x.log")).isEqualTo("./c%3Ax.log");
    }

    private static void assertNothingExternal(String html) {
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"?\\s*(https?:|//)")
                .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:|//)")
                .doesNotContain("http://", "https://", "<link", "@import", "<img");
    }

    private static List<String> bars(String html) {
        Matcher m = Pattern.compile("<rect class=\"(bar [^\"]*)\"").matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** amd64 native succeeded, s390x emulated failed (with a log inside the report directory), arm64 cancelled. */
    private BuildOutcome failedBuild() throws IOException {
        Path amd64Log = Files.writeString(Files.createDirectories(tmp.resolve("elsewhere")).resolve("amd64.log"), "ok\n");
        Path s390xLog = Files.createDirectories(tmp.resolve("report/logs")).resolve("linux-s390x.log");
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, 60).forEach(i -> lines.add("\u001B[32mstep " + i + " of 60\u001B[0m"));
        lines.add(55, "<script>alert('log')</script>");
        lines.add(56, "bad \u0001 byte");
        Files.write(s390xLog, lines, StandardCharsets.UTF_8);
        List<PlatformResult> platforms = List.of(
                result("linux/amd64", "amd64-agent-1", BuildMode.NATIVE, 2, 95, PlatformStatus.SUCCEEDED, 0, AMD64, amd64Log,
                        null),
                result("linux/s390x", "amd64-agent-2", BuildMode.EMULATED, 3, 250, PlatformStatus.FAILED, 2, null, s390xLog,
                        ERROR),
                result("linux/arm64", "arm64-agent-1", BuildMode.NATIVE, 2, 40, PlatformStatus.CANCELLED, -1, null, null,
                        "cancelled because linux/s390x failed"));
        return new BuildOutcome(IMAGE, List.of("1.0", "latest"), platforms, null, T0, T0.plusSeconds(260),
                "linux/s390x failed: " + ERROR);
    }

    private BuildOutcome publishedBuild() {
        List<PlatformResult> platforms = List.of(
                result("linux/amd64", "amd64-agent-1", BuildMode.NATIVE, 1, 61, PlatformStatus.SUCCEEDED, 0, AMD64, null, null),
                result("linux/s390x", "amd64-agent-2", BuildMode.EMULATED, 1, 300, PlatformStatus.SUCCEEDED, 0, S390X, null,
                        null),
                result("linux/arm64", "arm64-agent-1", BuildMode.NATIVE, 2, 70, PlatformStatus.SUCCEEDED, 0, ARM64, null, null));
        List<PublishResult.Entry> entries = platforms.stream().map(p -> new PublishResult.Entry(p.platform(), p.image(),
                "application/vnd.oci.image.manifest.v1+json", p.digest(), 1234, p.size(), false)).toList();
        PublishResult publish = new PublishResult(IMAGE, "application/vnd.oci.image.index.v1+json", LIST,
                "{}".getBytes(StandardCharsets.UTF_8), entries, List.of(IMAGE, IMAGE.withTag("latest")), false);
        return new BuildOutcome(IMAGE, List.of("1.0", "latest"), platforms, publish, T0, T0.plusSeconds(310), null);
    }

    private static PlatformResult result(String platform, String agent, BuildMode mode, int from, int to,
            PlatformStatus status, int exitCode, Digest digest, Path log, String error) {
        Platform p = Platform.parse(platform);
        return new PlatformResult(p, agent, mode, T0.plusSeconds(from), T0.plusSeconds(to), status, exitCode,
                IMAGE.withTag("1.0-" + p.archVariant()), digest, digest == null ? 0 : 52_428_800, log, error);
    }
}
