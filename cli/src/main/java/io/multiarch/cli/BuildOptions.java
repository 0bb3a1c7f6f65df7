package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.ArchImageTemplate;
import io.multiarch.core.build.BuildSpec;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code build} and {@code buildx} share. */
final class BuildOptions {
    @Option(names = {"-i", "--image"}, required = true, paramLabel = "REPO",
            description = "Image repository to publish, e.g. registry:5000/team/app (a tag here is used when no --tag is given).")
    String image;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG",
            description = "Tag of the published list; repeatable (e.g. --tag 1.0 --tag latest). The first names the per-arch images. Default: latest.")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-p", "--platforms"}, required = true, paramLabel = "LIST",
            description = "Platforms to build, comma-separated, e.g. linux/amd64,linux/arm64,linux/s390x,linux/ppc64le.")
    String platforms;

    @Option(names = {"-c", "--context"}, paramLabel = "DIR", defaultValue = ".",
            description = "Build context directory (default: the current directory).")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "Dockerfile (default: CONTEXT/Dockerfile).")
    Path file;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE",
            description = "Build argument; repeatable. Proxy variables (http_proxy, https_proxy, no_proxy, either case) set in "
                    + "the environment are passed automatically.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage of a multi-stage Dockerfile.")
    String target;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Image label; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--arch-image", paramLabel = "TPL", defaultValue = ArchImageTemplate.DEFAULT,
            description = "Name of each per-arch image. Placeholders {image} {tag} {os} {arch} {variant} {platform} "
                    + "(default ${DEFAULT-VALUE} gives app:1.0-s390x, app:1.0-arm-v7; the classic layout is {image}-{platform}:{tag}).")
    String archImage;

    @Option(names = "--allow-partial",
            description = "If some platforms fail, still publish the list of those that succeeded (exit code stays 1).")
    boolean allowPartial;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "List format: auto (default), docker or oci.")
    String format;

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "Stop a platform's build after this many minutes.")
    Integer timeoutMinutes;

    @Option(names = "--probe-dir", paramLabel = "DIR", defaultValue = "/var/lib/multiarch-lab/busybox",
            description = "Static busybox per Debian architecture used to prove emulation works (default ${DEFAULT-VALUE}, "
                    + "filled by multiarch setup-qemu).")
    Path probeDir;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write report.json, report.html (with a timeline), junit.xml and one log per platform into DIR.")
    Path report;

    @Option(names = "--dry-run", description = "Print the plan (platform -> agent, native or emulated, commands); build nothing.")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"}, description = "Print every build output line, prefixed with its platform.")
    boolean verbose;

    ImageRef imageRef() {
        ImageRef ref = ImageRef.parse(image);
        if (ref.digest() != null) {
            throw MultiarchException.invalidInput("--image '" + image + "' has a digest; name a repository (and tag)");
        }
        String first = tags.isEmpty() ? ref.tag() : tags.get(0);
        return ref.withTag(first);
    }

    List<String> extraTags() {
        return tags.size() > 1 ? tags.subList(1, tags.size()) : List.of();
    }

    List<Platform> platformList() {
        return Platform.parseList(platforms);
    }

    BuildSpec spec(Map<String, String> env) {
        Map<String, String> args = new LinkedHashMap<>();
        buildArgs.forEach(a -> {
            var kv = BuildSpec.parseKeyValue(a, "--build-arg");
            args.put(kv.getKey(), kv.getValue());
        });
        Map<String, String> labelMap = new LinkedHashMap<>();
        labels.forEach(l -> {
            var kv = BuildSpec.parseKeyValue(l, "--label");
            labelMap.put(kv.getKey(), kv.getValue());
        });
        return new BuildSpec(context, file, args, target, labelMap, BuildSpec.proxyVariablesIn(env));
    }

    ListFormat listFormat() {
        return ListFormat.parse(format);
    }

    Duration timeout() {
        if (timeoutMinutes == null) {
            return null;
        }
        if (timeoutMinutes <= 0) {
            throw MultiarchException.invalidInput("--timeout must be a positive number of minutes, not " + timeoutMinutes);
        }
        return Duration.ofMinutes(timeoutMinutes);
    }
}
