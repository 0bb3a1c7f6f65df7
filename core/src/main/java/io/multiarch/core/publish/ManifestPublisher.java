package io.multiarch.core.publish;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Progress;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.manifest.ImageConfig;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.manifest.ManifestCodec.ListEntry;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.RegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Publishes a verified manifest list. In order, and nothing visible moves before the last step:
 * <ol>
 *   <li>resolve every source (a list source is narrowed to its entry for the requested platform);
 *   <li>read each image's config and check its platform against the one requested;
 *   <li>write the list once, deterministically (same sources, same digest);
 *   <li>bring each image into the target repository: cross-repository mount of config and layers
 *       (upload only where a mount is impossible), then its manifest by digest, byte for byte;
 *   <li>only then push the list to each tag, and read the first tag back to verify it.
 * </ol>
 * Any failure before the last step leaves every tag where it was.
 */
public final class ManifestPublisher {
    private static final int MAX_PARALLEL = 8;

    private final RegistryClient registry;
    private final Progress progress;

    public ManifestPublisher(RegistryClient registry, Progress progress) {
        this.registry = registry;
        this.progress = progress;
    }

    public PublishResult publish(PublishRequest request) {
        registry.declare(request.target(), !request.dryRun());
        request.sources().forEach(s -> registry.declare(s.image(), false));

        List<Resolved> resolved = inParallel(request.sources(), this::resolve, "resolving the sources");
        checkDistinctPlatforms(resolved);
        String listType = listType(request.format(), resolved);
        List<ListEntry> entries = new ArrayList<>();
        for (Resolved r : resolved) {
            entries.add(new ListEntry(r.manifest.mediaType(), r.manifest.digest(), r.manifest.bytes().length, r.platform,
                    r.config.osVersion(), r.config.osFeatures()));
        }
        byte[] list = registry.codec().writeList(listType, entries);
        Digest listDigest = Digest.sha256(list);

        List<ImageRef> pushed = new ArrayList<>();
        List<Boolean> copied = new ArrayList<>();
        if (request.dryRun()) {
            resolved.forEach(r -> copied.add(false));
            pushed.addAll(request.targets());
        } else {
            copied.addAll(copyAll(resolved, request.target()));
            for (ImageRef tag : request.targets()) {
                registry.pushManifest(tag, list, listType);
                pushed.add(tag);
                progress.info("pushed " + MediaTypes.describe(listType) + " " + listDigest + " as " + tag);
            }
            verify(request.targets().get(0), listDigest);
        }
        List<PublishResult.Entry> resultEntries = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            Resolved r = resolved.get(i);
            resultEntries.add(new PublishResult.Entry(r.platform, r.source.image(), r.manifest.mediaType(),
                    r.manifest.digest(), r.manifest.bytes().length, r.manifest.totalSize(), copied.get(i)));
        }
        return new PublishResult(request.target(), listType, listDigest, list, resultEntries, pushed, request.dryRun());
    }

    private record Resolved(Source source, ImageRef image, Manifest manifest, ImageConfig config, Platform platform) {
    }

    private Resolved resolve(Source source) {
        ImageRef ref = source.image();
        Manifest manifest = registry.fetchManifest(ref).orElseThrow(() -> MultiarchException.failed("Source image " + ref
                + " does not exist (no such tag or digest in " + ref.name() + "); push it first or fix the reference"));
        ImageRef image = ref;
        if (manifest.isList()) {
            Descriptor entry = pickEntry(ref, manifest, source.platform());
            image = ref.withDigest(entry.digest());
            manifest = registry.fetchManifest(image).orElseThrow(() -> MultiarchException.failed("Source " + ref
                    + " lists " + entry.digest() + " for " + entry.platform() + " but the registry does not have it"));
            if (!manifest.isImage()) {
                throw MultiarchException.failed("Source " + ref + " nests a list inside a list; name the image itself");
            }
        }
        ImageConfig config = registry.codec().parseConfig(registry.fetchBlob(image, manifest.config().digest()), ref.toString());
        Platform actual = config.platform();
        Platform platform = actual;
        if (source.platform() != null) {
            if (!source.platform().isSatisfiedBy(actual)) {
                throw MultiarchException.failed("Source " + ref + " was given as " + source.platform()
                        + " but its image config says " + actual + " (mislabelled image: rebuild it for "
                        + source.platform() + " or fix the platform/template)");
            }
            platform = actual.variant() == null ? new Platform(actual.os(), actual.architecture(), source.platform().variant())
                    : actual;
        }
        progress.info("resolved " + ref + " -> " + platform + " " + manifest.digest());
        return new Resolved(source, image, manifest, config, platform);
    }

    private static Descriptor pickEntry(ImageRef ref, Manifest list, Platform wanted) {
        List<Descriptor> real = list.entries().stream()
                .filter(e -> e.platform() != null && !"unknown".equals(e.platform().os()))
                .toList();
        if (wanted == null) {
            if (real.size() == 1) {
                return real.get(0);
            }
            throw MultiarchException.invalidInput("Source " + ref + " is already a multi-platform list ("
                    + real.stream().map(e -> e.platform().toString()).toList() + "); say which platform to take "
                    + "(use --platforms with --template, or a spec file with platform fields)");
        }
        return real.stream().filter(e -> wanted.isSatisfiedBy(e.platform())).findFirst()
                .orElseThrow(() -> MultiarchException.failed("Source " + ref + " is a list without an entry for " + wanted
                        + " (it has " + real.stream().map(e -> e.platform().toString()).toList() + ")"));
    }

    private static void checkDistinctPlatforms(List<Resolved> resolved) {
        Map<Platform, ImageRef> seen = new HashMap<>();
        for (Resolved r : resolved) {
            ImageRef earlier = seen.putIfAbsent(r.platform, r.source.image());
            if (earlier != null) {
                throw MultiarchException.invalidInput("Two sources are " + r.platform + ": " + earlier + " and "
                        + r.source.image() + "; a list holds one image per platform");
            }
        }
    }

    private static String listType(ListFormat format, List<Resolved> resolved) {
        boolean allDocker = resolved.stream().allMatch(r -> r.manifest.mediaType().equals(MediaTypes.DOCKER_MANIFEST));
        return switch (format) {
            case OCI -> MediaTypes.OCI_INDEX;
            case AUTO -> allDocker ? MediaTypes.DOCKER_LIST : MediaTypes.OCI_INDEX;
            case DOCKER -> {
                if (!allDocker) {
                    Resolved oci = resolved.stream().filter(r -> !r.manifest.mediaType().equals(MediaTypes.DOCKER_MANIFEST))
                            .findFirst().orElseThrow();
                    throw MultiarchException.invalidInput("--format docker needs Docker v2 images, but " + oci.source.image()
                            + " is an " + MediaTypes.describe(oci.manifest.mediaType())
                            + " (use --format oci or auto; converting would change its digest)");
                }
                yield MediaTypes.DOCKER_LIST;
            }
        };
    }

    /**
     * Brings every image into the target repository: which are missing (HEAD by digest), then each
     * distinct blob once (sources often share layers; mounting the same blob twice at once races in
     * registries whose storage writes links non-atomically), then each manifest byte for byte.
     */
    private List<Boolean> copyAll(List<Resolved> resolved, ImageRef target) {
        List<Boolean> needed = inParallel(resolved, r -> !(r.image.registry().equals(target.registry())
                && r.image.repository().equals(target.repository()))
                && registry.headManifest(target.withDigest(r.manifest.digest())).isEmpty(), "checking");
        Map<Digest, Map.Entry<ImageRef, Descriptor>> blobs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (needed.get(i)) {
                Resolved r = resolved.get(i);
                blobs.putIfAbsent(r.manifest.config().digest(), Map.entry(r.image, r.manifest.config()));
                r.manifest.layers().forEach(layer -> blobs.putIfAbsent(layer.digest(), Map.entry(r.image, layer)));
            }
        }
        if (!blobs.isEmpty()) {
            inParallel(List.copyOf(blobs.values()), blob -> {
                registry.copyBlob(blob.getKey(), target, blob.getValue());
                return true;
            }, "copying blobs");
        }
        List<Resolved> toPush = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (needed.get(i)) {
                toPush.add(resolved.get(i));
            }
        }
        if (!toPush.isEmpty()) {
            inParallel(toPush, r -> {
                registry.pushManifest(target.withDigest(r.manifest.digest()), r.manifest.bytes(), r.manifest.mediaType());
                progress.info("copied " + r.source.image() + " into " + target.name() + "@" + r.manifest.digest());
                return true;
            }, "copying manifests");
        }
        return needed;
    }

    private void verify(ImageRef tag, Digest expected) {
        Descriptor found = registry.headManifest(tag).orElseThrow(() -> MultiarchException.failed(
                "Verification failed: " + tag + " is missing right after it was pushed"));
        if (!found.digest().equals(expected)) {
            throw MultiarchException.failed("Verification failed: " + tag + " resolves to " + found.digest()
                    + " right after " + expected + " was pushed (another publisher raced us?)");
        }
    }

    private <T, R> List<R> inParallel(List<T> items, Function<T, R> work, String what) {
        if (items.size() == 1) {
            return List.of(work.apply(items.get(0)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), MAX_PARALLEL), r -> {
            Thread t = new Thread(r, "multiarch-" + what);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            List<MultiarchException> failures = new ArrayList<>();
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof MultiarchException me) {
                        failures.add(me);
                    } else {
                        failures.add(new MultiarchException(MultiarchException.Kind.INTERNAL,
                                "Unexpected error while " + what + ": " + cause, cause));
                    }
                }
            }
            if (failures.size() == 1) {
                throw failures.get(0);
            }
            if (!failures.isEmpty()) {
                MultiarchException.Kind kind = failures.stream().map(MultiarchException::kind).distinct().count() == 1
                        ? failures.get(0).kind() : MultiarchException.Kind.OPERATION_FAILED;
                StringBuilder message = new StringBuilder(failures.size() + " of " + items.size()
                        + " failed while " + what + "; no tag was moved:");
                failures.forEach(f -> message.append("\n  - ").append(f.getMessage()));
                MultiarchException combined = new MultiarchException(kind, message.toString(), failures.get(0));
                failures.stream().skip(1).forEach(combined::addSuppressed);
                throw combined;
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while " + what, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
