import io.multiarch.core.Progress;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import io.multiarch.core.publish.ManifestPublisher;
import io.multiarch.core.publish.PublishRequest;
import io.multiarch.core.publish.PublishResult;
import io.multiarch.core.publish.Source;
import io.multiarch.core.publish.SourceSpecs;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.core.registry.RegistryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Benchmark helper (not a test): publishes the same list with the engine many times inside one JVM,
 * the way a Jenkins agent would (a long-lived JVM, one publish per build step).
 *
 * <p>Phase "fresh-client" (the number that is compared): every iteration builds its own
 * {@link RegistryClient} (own HttpClient, connection pool, transports, ObjectMapper) and publishes;
 * the time covers client creation + publish. Phase "shared-client" (information only): one client
 * is reused for every iteration, so connections and auth state are reused too.
 *
 * <p>Each phase does {@code --warmups} untimed publishes first, then {@code --runs} timed ones.
 * Credentials come from {@code $DOCKER_CONFIG/config.json} exactly like the CLI's.
 *
 * <p>With {@code --interactive true} the warm-ups run first, then each timed publish waits for a line on
 * stdin ({@code fresh RUN} or {@code shared RUN}, e.g. {@code fresh r3}) and answers {@code ms=<time>} on
 * stdout, so publish-bench.sh can interleave the peers' CLI runs with the warm publishes (same machine
 * load for both); {@code quit} ends it.
 *
 * <pre>
 * java -cp CLASSES:cli/target/multiarch-cli-*.jar:cli/target/lib/* WarmPublish \
 *     --registry 127.0.0.1:5000 --platforms linux/amd64,linux/arm64 --template 127.0.0.1:5000/bench/app-ARCH:1.0 \
 *     --target-repo bench/list-jvm --mode repo|tag|same --warmups 5 --runs 15
 * </pre>
 * Prints progress to stderr and one JSON object (times in ms per phase) on stdout.
 */
public final class WarmPublish {
    private WarmPublish() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        String registry = need(opt, "registry");
        String targetRepo = need(opt, "target-repo");
        String mode = opt.getOrDefault("mode", "repo");
        int warmups = Integer.parseInt(opt.getOrDefault("warmups", "5"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "15"));
        List<Platform> platforms = Platform.parseList(need(opt, "platforms"));
        String template = need(opt, "template");

        if (Boolean.parseBoolean(opt.getOrDefault("interactive", "false"))) {
            interactive(registry, targetRepo, mode, warmups, platforms, template);
            return;
        }
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        // fresh RegistryClient per iteration: the realistic Jenkins case (one client per build step)
        phases.put("fresh_client", phase("fresh-client", targetRepo, registry, mode, warmups, runs, platforms, template,
                i -> newClient()));
        RegistryClient shared = newClient();
        phases.put("shared_client", phase("shared-client", targetRepo + "-shared", registry, mode, warmups, runs,
                platforms, template, i -> shared));

        StringBuilder json = new StringBuilder("{");
        json.append("\"java\":\"").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("\",");
        json.append("\"warmups\":").append(warmups).append(",\"runs\":").append(runs).append(",\"mode\":\"")
                .append(mode).append("\"");
        for (Map.Entry<String, List<Double>> e : phases.entrySet()) {
            json.append(",\"").append(e.getKey()).append("\":[")
                    .append(e.getValue().stream().map(d -> String.format(java.util.Locale.ROOT, "%.3f", d))
                            .collect(Collectors.joining(",")))
                    .append(']');
        }
        json.append('}');
        System.out.println(json);
    }

    private static void interactive(String registry, String targetRepo, String mode, int warmups,
            List<Platform> platforms, String template) throws java.io.IOException {
        RegistryClient shared = newClient();
        for (int i = 1; i <= warmups; i++) {
            double f = once(n -> newClient(), i, target(registry, targetRepo, mode, "w" + i), platforms, template);
            double s = once(n -> shared, i, target(registry, targetRepo + "-shared", mode, "w" + i), platforms, template);
            System.err.printf(java.util.Locale.ROOT, "warm-publish warm-up %d: fresh-client %.1f ms, shared-client %.1f ms%n",
                    i, f, s);
        }
        System.out.println("ready");
        System.out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            String[] w = line.trim().split("\\s+");
            boolean fresh = w[0].equals("fresh");
            String repo = fresh ? targetRepo : targetRepo + "-shared";
            double ms = once(n -> fresh ? newClient() : shared, 0, target(registry, repo, mode, w[1]), platforms, template);
            System.out.printf(java.util.Locale.ROOT, "ms=%.3f%n", ms);
            System.out.flush();
        }
    }

    private static RegistryClient newClient() {
        return RegistryClient.builder().credentials(DockerConfigCredentials.fromEnvironment(System.getenv())).build();
    }

    private static List<Double> phase(String name, String targetRepo, String registry, String mode, int warmups,
            int runs, List<Platform> platforms, String template, IntFunction<RegistryClient> clients) {
        for (int i = 1; i <= warmups; i++) {
            double ms = once(clients, i, target(registry, targetRepo, mode, "w" + i), platforms, template);
            System.err.printf(java.util.Locale.ROOT, "warm-publish %s warm-up %d: %.1f ms%n", name, i, ms);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            double ms = once(clients, i, target(registry, targetRepo, mode, "r" + i), platforms, template);
            times.add(ms);
            System.err.printf(java.util.Locale.ROOT, "warm-publish %s run %d: %.1f ms%n", name, i, ms);
        }
        return times;
    }

    private static double once(IntFunction<RegistryClient> clients, int i, String target, List<Platform> platforms,
            String template) {
        long start = System.nanoTime();
        RegistryClient client = clients.apply(i);
        List<Source> sources = SourceSpecs.fromTemplate(platforms, template);
        PublishRequest request = new PublishRequest(ImageRef.parse(target), List.of(), sources, ListFormat.AUTO, false);
        PublishResult result = new ManifestPublisher(client, Progress.NONE).publish(request);
        long end = System.nanoTime();
        if (result.entries().size() != platforms.size()) {
            throw new IllegalStateException("published " + result.entries().size() + " entries, expected "
                    + platforms.size());
        }
        return (end - start) / 1e6;
    }

    /** Same naming as the CLI runs of publish-bench: a fresh repository, a fresh tag, or the same tag. */
    static String target(String registry, String repo, String mode, String run) {
        return switch (mode) {
            case "repo" -> registry + "/" + repo + "-" + run + ":1.0";
            case "tag" -> registry + "/" + repo + ":" + run;
            case "same" -> registry + "/" + repo + ":1.0";
            default -> throw new IllegalArgumentException("--mode must be repo, tag or same: " + mode);
        };
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            result.put(args[i].substring(2), args[++i]);
        }
        return result;
    }

    private static String need(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
