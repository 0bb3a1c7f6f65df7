package io.multiarch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small single-platform base images for tests, built {@code FROM scratch} with a static busybox (no network:
 * nothing is pulled) and pushed to a {@link LabRegistry}.
 *
 * <p>Each image is {@code FROM scratch}, {@code COPY busybox /bin/busybox}, one {@code RUN} with
 * {@code /bin/busybox --install -s /bin} (run under qemu for foreign platforms) that also writes the platform
 * to {@code /etc/multiarch-platform} and makes {@code /tmp}, plus the labels
 * {@value #PLATFORM_LABEL}{@code =linux/<arch>} and {@value #FIXTURE_LABEL}{@code =}{@value #FIXTURE_VERSION}.
 * So the images of different platforms differ in layers, config (architecture) and label.
 *
 * <p>Each platform is built at most once per JVM ({@code docker buildx build --platform P --load}, one platform
 * per invocation as the docker driver requires) under the engine-local tag {@code multiarch-test/busybox:<arch>}
 * ({@code arm-v7} for {@code linux/arm/v7}); an existing local image with the right labels is reused across
 * JVM runs. Busybox binaries come from {@code $MULTIARCH_LAB_DIR/busybox/<debian-arch>/busybox}
 * (default {@code /var/lib/multiarch-lab}, filled by {@code scripts/setup.sh}).
 */
public final class TestImages {

    /** Label holding the platform the image was built for. */
    public static final String PLATFORM_LABEL = "io.multiarch.test.platform";
    /** Label identifying the fixture recipe; bump {@link #FIXTURE_VERSION} when the Dockerfile changes. */
    public static final String FIXTURE_LABEL = "io.multiarch.test.fixture";
    /** Current recipe version. */
    public static final String FIXTURE_VERSION = "busybox-v1";
    /** Repository of the engine-local images. */
    public static final String LOCAL_REPOSITORY = "multiarch-test/busybox";

    /** Docker platform to Debian architecture (the busybox-static package's arch). */
    public static final Map<String, String> DEBIAN_ARCH = Map.of(
            "linux/amd64", "amd64",
            "linux/arm64", "arm64",
            "linux/s390x", "s390x",
            "linux/ppc64le", "ppc64el",
            "linux/arm/v7", "armhf");

    private static final Pattern PUSH_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private static final Map<String, CompletableFuture<String>> BUILT = new ConcurrentHashMap<>();

    private TestImages() {
    }

    /** The supported platforms, e.g. {@code linux/s390x}. */
    public static List<String> platforms() {
        return List.of("linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le", "linux/arm/v7");
    }

    /** The engine-local tag used for {@code platform}, e.g. {@code multiarch-test/busybox:s390x}. */
    public static String localTag(String platform) {
        requireSupported(platform);
        return LOCAL_REPOSITORY + ":" + platform.substring("linux/".length()).replace('/', '-');
    }

    /**
     * Makes sure the local base image for {@code platform} exists (building it once per JVM, reusing one
     * from an earlier run) and returns its local tag. Safe to call from several threads.
     */
    public static String localImage(String platform) {
        requireSupported(platform);
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> existing = BUILT.putIfAbsent(platform, mine);
        if (existing == null) {
            try {
                mine.complete(buildOrReuse(platform));
            } catch (RuntimeException | Error e) {
                BUILT.remove(platform, mine);
                mine.completeExceptionally(e);
            }
            existing = mine;
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * Tags the local base image of {@code platform} as {@code reg.host()/repoAndTag}, pushes it with the
     * credentials in {@code dockerConfig} (from {@link DockerCli#login(LabRegistry)}), removes the local tag
     * again, and returns the reference and the manifest digest printed by {@code docker push}.
     *
     * <p>The platform decides the content, the name is free: {@code push(reg, cfg, "linux/amd64",
     * "team/app-s390x:1.0")} pushes an amd64 image under an s390x-looking name.
     *
     * @param platform e.g. {@code linux/s390x}
     * @param repoAndTag e.g. {@code team/app-s390x:1.0} (a tag is required)
     */
    public static PushedImage push(LabRegistry reg, Path dockerConfig, String platform, String repoAndTag) {
        int slash = repoAndTag.lastIndexOf('/');
        if (repoAndTag.lastIndexOf(':') <= slash) {
            throw new IllegalArgumentException("repoAndTag needs a tag, e.g. team/app:1.0: " + repoAndTag);
        }
        String local = localImage(platform);
        String reference = reg.host() + "/" + repoAndTag;
        Map<String, String> env = DockerCli.env(dockerConfig);
        DockerCli.runOk(env, "tag", local, reference);
        try {
            ExecResult pushed = DockerCli.run(env, "push", reference);
            if (!pushed.ok()) {
                throw new AssertionError("docker push " + reference + " failed.\n" + pushed.describe()
                        + "\n  registry log tail:\n" + reg.logTail(30));
            }
            Matcher m = PUSH_DIGEST.matcher(pushed.stdout());
            String digest = null;
            while (m.find()) {
                digest = m.group(1);
            }
            if (digest == null) {
                throw new AssertionError("no 'digest: sha256:...' in docker push output.\n" + pushed.describe());
            }
            return new PushedImage(reference, digest, platform);
        } finally {
            DockerCli.run(env, "rmi", reference);
        }
    }

    // ---------------------------------------------------------------- internals

    private static void requireSupported(String platform) {
        if (!DEBIAN_ARCH.containsKey(platform)) {
            throw new IllegalArgumentException("unsupported test platform " + platform + "; one of " + platforms());
        }
    }

    private static String buildOrReuse(String platform) {
        DockerCli.requireEngine();
        String tag = localTag(platform);
        ExecResult inspect = DockerCli.run(Map.of(), null, Duration.ofSeconds(30), "image", "inspect", "--format",
                "{{index .Config.Labels \"" + FIXTURE_LABEL + "\"}} {{index .Config.Labels \"" + PLATFORM_LABEL
                        + "\"}}",
                tag);
        if (inspect.ok() && inspect.stdout().trim().equals(FIXTURE_VERSION + " " + platform)) {
            return tag;
        }
        Path busybox = busybox(platform);
        Path context;
        try {
            context = Files.createTempDirectory("lab-image-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.writeString(context.resolve("Dockerfile"), dockerfile(platform));
            ExecResult built = DockerCli.run(Map.of("DOCKER_BUILDKIT", "1"), null, Duration.ofMinutes(5),
                    "buildx", "build", "--platform", platform, "--load", "--progress", "plain",
                    "-t", tag, context.toString());
            if (!built.ok()) {
                throw new AssertionError("building the " + platform + " test base image failed (is qemu binfmt"
                        + " registered? run scripts/setup.sh as root).\n" + built.describe());
            }
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LabRegistry.deleteRecursively(context);
        }
    }

    private static String dockerfile(String platform) {
        return "FROM scratch\n"
                + "COPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox --install -s /bin"
                + " && mkdir -p /etc /tmp && chmod 1777 /tmp && echo " + platform + " > /etc/multiarch-platform\"]\n"
                + "LABEL " + PLATFORM_LABEL + "=\"" + platform + "\" " + FIXTURE_LABEL + "=\"" + FIXTURE_VERSION + "\"\n";
    }

    private static Path busybox(String platform) {
        String labDir = System.getenv().getOrDefault("MULTIARCH_LAB_DIR", "/var/lib/multiarch-lab");
        Path busybox = Path.of(labDir, "busybox", DEBIAN_ARCH.get(platform), "busybox");
        if (!Files.isRegularFile(busybox)) {
            throw new AssertionError("static busybox for " + platform + " missing at " + busybox
                    + "; run scripts/setup.sh (as root)");
        }
        return busybox;
    }
}
