package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import io.multiarch.core.publish.ManifestPublisher;
import io.multiarch.core.publish.PublishRequest;
import io.multiarch.core.publish.PublishResult;
import io.multiarch.core.publish.Source;
import io.multiarch.core.publish.SourceSpecs;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.RegistryListener;
import io.multiarch.core.report.PublishReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code multiarch push-manifest}: publishes a verified manifest list from per-platform images. */
@Command(name = "push-manifest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publishes a manifest list (Docker v2) or OCI index that points at one image per platform.",
            "Every source is resolved and its platform checked against its image config before anything is pushed; "
                    + "sources in other repositories of the same registry are mounted, not re-uploaded. "
                    + "The list is pushed to every tag only when all sources are good; otherwise no tag moves."},
        footer = {"%nExamples:",
            "  multiarch push-manifest --target reg:5000/app:1.0 --tag latest \\",
            "      --platforms linux/amd64,linux/s390x --template reg:5000/app-ARCH:1.0",
            "  multiarch push-manifest --spec manifest.yaml",
            "  multiarch push-manifest --target reg:5000/app:1.0 reg:5000/app-amd64:1.0 reg:5000/app-s390x:1.0"})
final class PushManifestCommand extends CommandBase {

    @Option(names = {"-t", "--target"}, paramLabel = "REF",
            description = "Where to publish the list, e.g. registry:5000/team/app:1.0 (tag defaults to latest). "
                    + "Optional with --spec when the spec names an image.")
    String target;

    @Option(names = "--tag", paramLabel = "TAG", description = "Another tag for the same list (e.g. latest). Repeatable.")
    List<String> tags = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sources sources;

    static final class Sources {
        @ArgGroup(exclusive = false)
        FromArgs fromArgs;

        @Option(names = "--spec", paramLabel = "FILE",
                description = "A manifest-tool YAML spec: image, tags, manifests[].image, manifests[].platform.")
        Path spec;

        @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Source images; each one's platform is read from its config.")
        List<String> images;
    }

    static final class FromArgs {
        @Option(names = "--platforms", required = true, paramLabel = "LIST",
                description = "Platforms, comma-separated, e.g. linux/amd64,linux/arm64,linux/s390x,linux/ppc64le.")
        String platforms;

        @Option(names = "--template", required = true, paramLabel = "TPL",
                description = "Source name with OS, ARCH and VARIANT placeholders, e.g. registry/app-ARCH:1.0.")
        String template;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (default: Docker list when every source is a Docker v2 image, else OCI index), docker or oci.")
    String format;

    @Mixin
    RegistryOptionsMixin registryOptions;

    @Option(names = "--report", paramLabel = "DIR", description = "Write publish.json (list digest, tags, entries) into DIR.")
    Path report;

    @Option(names = "--dry-run", description = "Resolve and check every source, print the list that would be pushed; push nothing.")
    boolean dryRun;


    PushManifestCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ImageRef targetRef = target == null ? null : ImageRef.parse(target);
        List<String> allTags = new ArrayList<>(tags);
        List<Source> sourceList;
        if (sources.spec != null) {
            SourceSpecs.SpecFile spec = SourceSpecs.fromYaml(sources.spec);
            if (targetRef == null) {
                if (spec.image() == null) {
                    throw MultiarchException.invalidInput("Spec file '" + sources.spec + "' names no image; add 'image:' "
                            + "to it or pass --target");
                }
                targetRef = spec.image();
            }
            allTags.addAll(spec.tags());
            sourceList = spec.sources();
        } else if (sources.fromArgs != null) {
            sourceList = SourceSpecs.fromTemplate(Platform.parseList(sources.fromArgs.platforms), sources.fromArgs.template);
        } else {
            sourceList = SourceSpecs.fromReferences(sources.images);
        }
        if (targetRef == null) {
            throw MultiarchException.invalidInput("--target is required, e.g. --target registry:5000/team/app:1.0");
        }
        PublishRequest request = new PublishRequest(targetRef, allTags, sourceList, ListFormat.parse(format), dryRun);
        RegistryClient client = registryOptions.options.client(context, targetRef.registry(), new RegistryListener() {
            @Override
            public void retrying(String registry, String what, int status, int attempt) {
                context.err().println("retrying " + what + " on " + registry + " (" + (status == 0 ? "connection failed" : status)
                        + ", attempt " + attempt + ")");
            }
        });
        PublishResult result;
        try (client) {
            result = new ManifestPublisher(client, line -> context.err().println(line)).publish(request);
        }
        print(result);
        if (report != null) {
            context.err().println("report: " + PublishReport.write(report, result));
        }
        return 0;
    }

    private void print(PublishResult result) {
        var out = context.out();
        if (result.dryRun()) {
            out.println("Dry run: nothing was pushed. Would publish " + MediaTypes.describe(result.mediaType()) + " "
                    + result.listDigest() + " as " + String.join(", ", result.tags().stream().map(ImageRef::toString).toList()));
        } else {
            out.println("Published " + MediaTypes.describe(result.mediaType()) + " " + result.listDigest());
            result.tags().forEach(t -> out.println("  tag " + t));
        }
        for (PublishResult.Entry e : result.entries()) {
            out.printf("  %-16s %s  %,d bytes  from %s%n", e.platform(), e.digest(), e.totalSize(), e.source());
        }
        if (result.dryRun()) {
            out.println(new String(result.listBytes(), StandardCharsets.UTF_8));
        }
    }
}
