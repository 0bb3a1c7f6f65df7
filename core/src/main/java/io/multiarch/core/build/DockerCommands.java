package io.multiarch.core.build;

import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the docker command lines the engine runs. Pure functions: unit-tested without docker. */
public final class DockerCommands {
    private DockerCommands() {
    }

    /** Engine version, architecture, OS and storage driver status in one call: {@code VERSION|ARCH|OS|[...]}. */
    public static List<String> info() {
        return List.of("docker", "info", "--format", "{{.ServerVersion}}|{{.Architecture}}|{{.OSType}}|{{json .DriverStatus}}");
    }

    public static List<String> buildxInspect() {
        return List.of("docker", "buildx", "inspect");
    }

    public static List<String> login(String registry, String username) {
        return List.of("docker", "login", registry, "--username", username, "--password-stdin");
    }

    /**
     * {@code docker buildx build --platform P[,P...] --tag T... --push}: one platform per call with
     * the {@code docker} driver, several where the builder supports it. Provenance attestations are
     * off so every pushed image is a plain image manifest, never an index with "unknown/unknown"
     * entries.
     */
    public static List<String> buildxBuild(BuildSpec spec, List<Platform> platforms, List<ImageRef> tags, Output output,
            Path metadataFile, boolean noCache) {
        List<String> argv = new ArrayList<>(List.of("docker", "buildx", "build", "--progress", "plain",
                "--platform", platforms.stream().map(Platform::toString).collect(Collectors.joining(","))));
        common(argv, spec, tags);
        argv.add("--provenance=false");
        if (output != Output.BUILD_ONLY) {
            argv.add(output == Output.PUSH ? "--push" : "--load");
        }
        if (metadataFile != null) {
            argv.add("--metadata-file");
            argv.add(metadataFile.toString());
        }
        if (noCache) {
            argv.add("--no-cache");
        }
        argv.add(spec.context().toString());
        return argv;
    }

    /**
     * All platforms in one invocation, pushed by digest without moving any tag
     * ({@code --output type=image,name=REPO,push-by-digest=true,name-canonical=true,push=true}); the
     * index digest lands in the metadata file.
     */
    public static List<String> buildxBuildByDigest(BuildSpec spec, List<Platform> platforms, ImageRef repository,
            Path metadataFile) {
        List<String> argv = new ArrayList<>(List.of("docker", "buildx", "build", "--progress", "plain",
                "--platform", platforms.stream().map(Platform::toString).collect(Collectors.joining(","))));
        common(argv, spec, List.of());
        argv.add("--provenance=false");
        argv.add("--output");
        argv.add("type=image,name=" + repository.name() + ",push-by-digest=true,name-canonical=true,push=true");
        argv.add("--metadata-file");
        argv.add(metadataFile.toString());
        argv.add(spec.context().toString());
        return argv;
    }

    /** {@code docker build --platform P} (BuildKit) where buildx is absent; push follows separately. */
    public static List<String> classicBuild(BuildSpec spec, Platform platform, List<ImageRef> tags, boolean noCache) {
        List<String> argv = new ArrayList<>(List.of("docker", "build", "--progress", "plain", "--platform", platform.toString()));
        common(argv, spec, tags);
        if (noCache) {
            argv.add("--no-cache");
        }
        argv.add(spec.context().toString());
        return argv;
    }

    /** Where a buildx build's result goes. */
    public enum Output {
        /** To the registry ({@code --push}). */
        PUSH,
        /** Into the agent's engine ({@code --load}). */
        LOAD,
        /** Nowhere but the build cache (a probe). */
        BUILD_ONLY
    }

    /** The engine's description of a local image, as one line of JSON. */
    public static List<String> imageInspect(ImageRef image) {
        return List.of("docker", "image", "inspect", "--format", "{{json .}}", image.toString());
    }

    public static List<String> push(ImageRef image) {
        return List.of("docker", "push", image.toString());
    }

    private static void common(List<String> argv, BuildSpec spec, List<ImageRef> tags) {
        for (ImageRef tag : tags) {
            argv.add("--tag");
            argv.add(tag.toString());
        }
        if (spec.dockerfile() != null) {
            argv.add("--file");
            argv.add(spec.dockerfile().toString());
        }
        if (spec.target() != null && !spec.target().isBlank()) {
            argv.add("--target");
            argv.add(spec.target());
        }
        spec.buildArgs().forEach((k, v) -> {
            argv.add("--build-arg");
            argv.add(k + "=" + v);
        });
        for (String proxy : spec.proxyVariables()) {
            if (!spec.buildArgs().containsKey(proxy)) {
                argv.add("--build-arg");
                argv.add(proxy); // value comes from the environment: proxy URLs may hold credentials
            }
        }
        spec.labels().forEach((k, v) -> {
            argv.add("--label");
            argv.add(k + "=" + v);
        });
    }
}
