import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarch.core.Progress;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import io.multiarch.core.publish.ManifestPublisher;
import io.multiarch.core.publish.PublishRequest;
import io.multiarch.core.publish.SourceSpecs;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.core.registry.RegistryClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Benchmark helper (not a test): one piece of the CLI's work in a fresh JVM, to see where a cold
 * {@code multiarch push-manifest} spends its time. publish-bench.sh starts it with exactly the CLI's JVM
 * options and class-data archive (this class is appended to the archived class path, which CDS and the AOT
 * cache allow), and
 * compares the process's wall time with the time spent inside {@code main} (printed as
 * {@code inmain_ms=...} on stdout); the rest is JVM boot plus JVM exit.
 *
 * <p>Modes: {@code noop}; {@code picocli} (build the command model and parse the push-manifest arguments,
 * execute nothing); {@code jackson} (new ObjectMapper, read and write a manifest); {@code publish} (the
 * engine's publish, no picocli); {@code cli} (io.multiarch.cli.Main.run with the push-manifest arguments, like bin/multiarch).
 * No extra JVM option may be added (an {@code --add-opens}, say): the AOT cache is then not mapped.
 *
 * <pre>StartupProbe MODE REGISTRY TEMPLATE PLATFORMS TARGET</pre>
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String mode = args[0];
        String registry = args[1];
        String template = args[2];
        String platforms = args[3];
        String target = args[4];
        String what = mode;
        String[] cliArgs = {"push-manifest", "--target", target, "--platforms", platforms, "--template", template};
        int code = 0;
        switch (what) {
            case "noop" -> { }
            case "picocli" -> picocli(cliArgs);
            case "jackson" -> {
                ObjectMapper mapper = new ObjectMapper();
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,"
                        + "\"digest\":\"sha256:0\"},\"layers\":[]}").getBytes();
                mapper.writeValueAsBytes(mapper.readTree(manifest));
            }
            case "publish" -> {
                RegistryClient client = RegistryClient.builder()
                        .credentials(DockerConfigCredentials.fromEnvironment(System.getenv())).build();
                new ManifestPublisher(client, Progress.NONE).publish(new PublishRequest(ImageRef.parse(target), List.of(),
                        SourceSpecs.fromTemplate(Platform.parseList(platforms), template), ListFormat.AUTO, false));
            }
            case "cli" -> {
                PrintStream devNull = new PrintStream(OutputStream.nullOutputStream());
                code = io.multiarch.cli.Main.run(cliArgs, InputStream.nullInputStream(), devNull, System.err, System.getenv());
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("inmain_ms=" + (System.nanoTime() - start) / 1e6);
        System.out.flush();
        System.exit(code);
    }

    /** The CLI's picocli work without executing: command model for Main and the subcommand it runs, then parsing. */
    private static void picocli(String[] cliArgs) throws Exception {
        Class<?> contextType = Class.forName("io.multiarch.cli.CliContext");
        Constructor<?> ctor = contextType.getDeclaredConstructors()[0];
        ctor.setAccessible(true);
        Object context = ctor.newInstance(InputStream.nullInputStream(), System.out, System.err, Map.of());
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(contextType);
                    c.setAccessible(true);
                    return c.newInstance(context);
                } catch (NoSuchMethodException e) {
                    return picocli.CommandLine.defaultFactory().create(cls);
                }
            }
        };
        picocli.CommandLine cli = new picocli.CommandLine(new io.multiarch.cli.Main(), factory);
        // the CLI registers only the subcommand it runs (Main.addSubcommands); do the same
        Method add = io.multiarch.cli.Main.class.getDeclaredMethod("addSubcommands", picocli.CommandLine.class, String[].class);
        add.setAccessible(true);
        add.invoke(null, cli, cliArgs);
        cli.parseArgs(cliArgs);
    }
}
