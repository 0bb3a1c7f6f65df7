package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.manifest.ImageConfig;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.RegistryListener;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code multiarch inspect}: what a reference points at, per platform. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows the media type and digest of an image or list, and per entry its platform, digest and size.",
        footer = {"%nExamples:", "  multiarch inspect registry:5000/team/app:1.0", "  multiarch inspect --raw registry:5000/team/app:1.0"})
final class InspectCommand extends CommandBase {

    @Parameters(paramLabel = "REF", description = "Image or list reference, e.g. registry:5000/team/app:1.0.")
    String reference;

    @Option(names = "--raw", description = "Print the manifest bytes exactly as the registry serves them.")
    boolean raw;

    @Mixin
    RegistryOptionsMixin registryOptions;


    InspectCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ImageRef ref = ImageRef.parse(reference);
        try (RegistryClient client = registryOptions.options.client(context, ref.registry(), RegistryListener.NONE)) {
            return show(ref, client);
        }
    }

    private int show(ImageRef ref, RegistryClient client) {
        Manifest manifest = client.fetchManifest(ref).orElseThrow(() -> MultiarchException.failed(
                "Image " + ref + " does not exist (no manifest with that tag or digest in " + ref.name() + ")"));
        var out = context.out();
        if (raw) {
            out.print(new String(manifest.bytes(), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        out.println("Name:      " + ref);
        out.println("MediaType: " + manifest.mediaType() + " (" + MediaTypes.describe(manifest.mediaType()) + ")");
        out.println("Digest:    " + manifest.digest());
        if (manifest.isList()) {
            out.println("Manifests:");
            for (Descriptor e : manifest.entries()) {
                out.printf("  %-16s %s  %,d bytes%n", e.platform() == null ? "?" : e.platform()
                        + (e.osVersion() == null ? "" : " " + e.osVersion()), e.digest(), e.size());
            }
        } else {
            ImageConfig config = client.codec().parseConfig(client.fetchBlob(ref, manifest.config().digest()), ref.toString());
            out.println("Platform:  " + config.platform());
            out.println("Layers:    " + manifest.layers().size());
            out.printf("Size:      %,d bytes%n", manifest.totalSize());
        }
        return 0;
    }
}
