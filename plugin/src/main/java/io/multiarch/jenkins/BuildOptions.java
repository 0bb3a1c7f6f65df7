package io.multiarch.jenkins;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.ArchImageTemplate;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of one {@code multiArchBuild} (a Pipeline map or the freestyle form), validated, with the
 * global defaults merged in, and the platform-to-label plan. Plain values only and no Jenkins types: it is
 * kept in the run's report action (XStream), so its collections are plain {@link ArrayList} and
 * {@link LinkedHashMap}, never immutable JDK collections, and never null.
 */
public final class BuildOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every option {@code multiArchBuild} accepts. */
    static final List<String> KEYS = List.of("image", "tags", "platforms", "context", "dockerfile", "buildArgs", "target",
            "credentialsId", "registryUrl", "registry", "labels", "emulationLabel", "archTemplate", "report", "allowPartial",
            "format", "insecureRegistries", "timeoutMinutes", "publishLabel", "retries", "probeDir");

    /** Default number of attempts of a platform's branch (a second one only after an agent loss or a restart). */
    static final int DEFAULT_RETRIES = 2;

    private String image;
    private ArrayList<String> extraTags = new ArrayList<>();
    private ArrayList<String> platforms = new ArrayList<>();
    private String context = ".";
    private String dockerfile;
    private LinkedHashMap<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private String credentialsId;
    private String registryHost;
    private ArrayList<PlannedPlatform> plan = new ArrayList<>();
    private String archTemplate = ArchImageTemplate.DEFAULT;
    private boolean report = true;
    private boolean allowPartial;
    private String format = "auto";
    private ArrayList<String> insecureRegistries = new ArrayList<>();
    private int timeoutMinutes;
    private String publishLabel;
    private int retries = DEFAULT_RETRIES;
    private String probeDir = AgentProbe.DEFAULT_PROBE_DIR.toString();

    private BuildOptions() {
    }

    /** What the global configuration contributes; plain values so this class stays free of Jenkins types. */
    public static final class Defaults {
        final Map<String, String> labels = new LinkedHashMap<>();
        String emulationLabel;
        String registryUrl;
        String credentialsId;

        /** @param labels platform (any spelling {@link Platform#parse} accepts) to label expression */
        public Defaults(Map<String, String> labels, String emulationLabel, String registryUrl, String credentialsId) {
            if (labels != null) {
                this.labels.putAll(labels);
            }
            this.emulationLabel = Values.text(emulationLabel);
            this.registryUrl = Values.text(registryUrl);
            this.credentialsId = Values.text(credentialsId);
        }

        public static Defaults none() {
            return new Defaults(Map.of(), null, null, null);
        }
    }

    /**
     * Reads and checks the options.
     *
     * @param step the step name for messages ({@code multiArchBuild})
     * @throws MultiarchException (invalid input) naming the option and the fix
     */
    public static BuildOptions fromMap(Map<?, ?> args, Defaults defaults, String step) {
        return fromMap(args, defaults, step, true);
    }

    /**
     * Reads and checks the options; without {@code withLabels} no label is chosen (buildxBuild builds every
     * platform where it runs).
     */
    static BuildOptions fromMap(Map<?, ?> args, Defaults defaults, String step, boolean withLabels) {
        if (args == null) {
            throw MultiarchException.invalidInput(step + " needs named options, e.g. " + step
                    + "(image: 'registry.example.com/team/app', tags: ['1.0'], platforms: ['linux/amd64', 'linux/s390x'])");
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (Object key : args.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw MultiarchException.invalidInput(step + ": unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (known: " + String.join(", ", KEYS) + ")");
        }
        BuildOptions o = new BuildOptions();
        String imageText = Values.text(args.get("image"));
        if (imageText == null) {
            throw MultiarchException.invalidInput(step + ": 'image' is required, e.g. image: 'registry.example.com/team/app'");
        }
        o.readRegistry(args, defaults, imageText, step);
        ImageRef ref = ImageRef.parse(o.image);
        if (ref.digest() != null) {
            throw MultiarchException.invalidInput(step + ": the image '" + imageText + "' has a digest; name a repository and tag");
        }
        List<String> tags = Values.list(args.get("tags"), "tags");
        String first = tags.isEmpty() ? ref.tag() : tags.get(0);
        ref = ref.withTag(first);
        o.image = ref.toString();
        for (String tag : tags.size() > 1 ? tags.subList(1, tags.size()) : List.<String>of()) {
            ref.withTag(tag);
            if (!o.extraTags.contains(tag) && !tag.equals(first)) {
                o.extraTags.add(tag);
            }
        }
        List<String> platformTexts = Values.list(args.get("platforms"), "platforms");
        if (platformTexts.isEmpty()) {
            throw MultiarchException.invalidInput(step + ": 'platforms' is required, e.g. platforms: ['linux/amd64', 'linux/s390x']");
        }
        for (String text : platformTexts) {
            String platform = Platform.parse(text).toString();
            if (o.platforms.contains(platform)) {
                throw MultiarchException.invalidInput(step + ": platform " + platform + " is listed twice in 'platforms'");
            }
            o.platforms.add(platform);
        }
        o.context = relativePath(Values.text(args.get("context")), "context", step);
        if (o.context == null) {
            o.context = ".";
        }
        o.dockerfile = relativePath(Values.text(args.get("dockerfile")), "dockerfile", step);
        o.buildArgs = Values.map(args.get("buildArgs"), "buildArgs");
        o.target = Values.text(args.get("target"));
        String template = Values.text(args.get("archTemplate"));
        o.archTemplate = template == null ? ArchImageTemplate.DEFAULT : template;
        // every platform at once: multiArchBuild builds each on its own node, so only here are they all seen
        new ArchImageTemplate(o.archTemplate).applyAll(ref, o.platforms.stream().map(Platform::parse).toList());
        o.report = Values.bool(args.get("report"), true, "report");
        o.allowPartial = Values.bool(args.get("allowPartial"), false, "allowPartial");
        String format = Values.text(args.get("format"));
        o.format = format == null ? "auto" : ListFormat.parse(format).name().toLowerCase(Locale.ROOT);
        o.insecureRegistries = Values.list(args.get("insecureRegistries"), "insecureRegistries");
        o.timeoutMinutes = Values.integer(args.get("timeoutMinutes"), 0, "timeoutMinutes");
        if (o.timeoutMinutes < 0) {
            throw MultiarchException.invalidInput(step + ": 'timeoutMinutes' must be positive (0 or absent: no limit)");
        }
        o.publishLabel = Values.text(args.get("publishLabel"));
        o.retries = Values.integer(args.get("retries"), DEFAULT_RETRIES, "retries");
        if (o.retries < 1) {
            throw MultiarchException.invalidInput(step + ": 'retries' must be at least 1 (1: no retry after an agent loss)");
        }
        String probe = Values.text(args.get("probeDir"));
        if (probe != null) {
            o.probeDir = probe;
        }
        if (withLabels) {
            o.plan = plan(o.platforms, Values.map(args.get("labels"), "labels"), Values.text(args.get("emulationLabel")),
                    defaults, step);
        }
        return o;
    }

    private void readRegistry(Map<?, ?> args, Defaults defaults, String imageText, String step) {
        String[] resolved = registry(imageText, args.get("registry"), Values.text(args.get("registryUrl")),
                Values.text(args.get("credentialsId")), defaults, step);
        this.image = resolved[0];
        this.credentialsId = resolved[1];
        this.registryHost = ImageRef.parse(this.image).registry();
    }

    /**
     * Resolves the registry options — {@code registry: [url:, credentialsId:]} (docker-workflow's shape) or
     * {@code registryUrl} + {@code credentialsId}, else the global defaults — against an image.
     *
     * @param imageText the image as given, or null when it is not known yet (pushManifest with a spec file)
     * @return the image qualified with the registry host (null when {@code imageText} is), and the credentials ID (or null)
     */
    static String[] registry(String imageText, Object registry, String registryUrl, String credentialsId, Defaults defaults,
            String step) {
        String url = registryUrl;
        String credentials = credentialsId;
        if (registry != null) {
            if (!(registry instanceof Map<?, ?>)) {
                throw MultiarchException.invalidInput(step + ": 'registry' must be a map like [url: 'https://registry.example.com', "
                        + "credentialsId: 'registry-creds'] (the shape of docker-workflow's withRegistry)");
            }
            Map<?, ?> endpoint = (Map<?, ?>) registry;
            for (Object key : endpoint.keySet()) {
                if (!List.of("url", "credentialsId").contains(String.valueOf(key))) {
                    throw MultiarchException.invalidInput(step + ": 'registry' takes url and credentialsId, not '" + key + "'");
                }
            }
            String endpointUrl = Values.text(endpoint.get("url"));
            String endpointCredentials = Values.text(endpoint.get("credentialsId"));
            if (url != null && endpointUrl != null && !url.equals(endpointUrl)
                    || credentials != null && endpointCredentials != null && !credentials.equals(endpointCredentials)) {
                throw MultiarchException.invalidInput(step + ": 'registry' and 'registryUrl'/'credentialsId' disagree; give one of them");
            }
            url = url != null ? url : endpointUrl;
            credentials = credentials != null ? credentials : endpointCredentials;
        }
        String host = RegistryHosts.host(url);
        String defaultHost = RegistryHosts.host(defaults.registryUrl);
        if (url == null && defaultHost != null && imageText != null && !RegistryHosts.namesRegistry(imageText)) {
            host = defaultHost;
        }
        String image = imageText == null ? null : RegistryHosts.qualify(imageText, host);
        if (credentials == null && url == null && (defaultHost == null || image == null
                || ImageRef.parse(image).registry().equalsIgnoreCase(defaultHost))) {
            credentials = defaults.credentialsId;
        }
        return new String[] {image, credentials};
    }

    /**
     * Chooses a label per platform: the step's {@code labels} first, then the global platform labels
     * (native), else the emulation label (emulated).
     *
     * @throws MultiarchException naming the platform and the two ways to fix it
     */
    static ArrayList<PlannedPlatform> plan(List<String> platforms, Map<String, String> stepLabels, String emulationLabel,
            Defaults defaults, String step) {
        Map<String, String> labels = new LinkedHashMap<>();
        defaults.labels.forEach((platform, label) -> {
            if (Values.text(label) != null) {
                labels.put(Platform.parse(platform).toString(), label.trim());
            }
        });
        Map<String, String> own = new LinkedHashMap<>();
        stepLabels.forEach((platform, label) -> {
            String normalized = Platform.parse(platform).toString();
            if (!platforms.contains(normalized)) {
                throw MultiarchException.invalidInput(step + ": 'labels' names " + normalized + ", which is not in 'platforms' "
                        + platforms);
            }
            if (Values.text(label) == null) {
                throw MultiarchException.invalidInput(step + ": 'labels' gives " + normalized + " an empty label");
            }
            own.put(normalized, label.trim());
        });
        labels.putAll(own);
        String emulation = emulationLabel != null ? emulationLabel : defaults.emulationLabel;
        ArrayList<PlannedPlatform> plan = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String platform : platforms) {
            String label = labels.get(platform);
            if (label != null) {
                plan.add(new PlannedPlatform(platform, label, false));
            } else if (emulation != null) {
                plan.add(new PlannedPlatform(platform, emulation, true));
            } else {
                missing.add(platform);
            }
        }
        if (!missing.isEmpty()) {
            String example = Platform.parse(missing.get(0)).architecture();
            throw MultiarchException.invalidInput(step + ": no agent label for " + String.join(", ", missing)
                    + ". Give the platform a label of agents that run it natively (labels: [" + example + ": '" + example
                    + "'], or a platform label under Manage Jenkins > System > Multi-architecture builds), "
                    + "or set emulationLabel to agents with qemu registered (e.g. emulationLabel: 'docker && qemu')");
        }
        return plan;
    }

    /** Checks a path that must stay inside the workspace: relative, without '..'. */
    static String relativePath(String path, String option, String step) {
        if (path == null) {
            return null;
        }
        String normalized = path.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw MultiarchException.invalidInput(step + ": '" + option + "' must be relative to the workspace, not '" + path
                    + "' (the context is copied to each platform's agent)");
        }
        for (String part : normalized.split("/")) {
            if (part.equals("..")) {
                throw MultiarchException.invalidInput(step + ": '" + option + "' must stay inside the workspace, not '" + path + "'");
            }
        }
        while (normalized.endsWith("/") && normalized.length() > 1) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
    }

    /**
     * The Ant patterns that carry the build context (and a Dockerfile outside it) to each agent, for
     * {@code stash}: {@code app/**}, or {@code **} for the whole workspace.
     */
    public String stashIncludes() {
        String base = context.equals(".") || context.isEmpty() ? "" : (context.startsWith("./") ? context.substring(2) : context);
        String includes = base.isEmpty() ? "**" : base + "/**";
        if (dockerfile != null && !base.isEmpty()) {
            String file = dockerfile.startsWith("./") ? dockerfile.substring(2) : dockerfile;
            if (!file.startsWith(base + "/")) {
                includes += "," + file;
            }
        }
        return includes;
    }

    /** The image with its first tag, qualified with the registry: {@code registry.example.com/team/app:1.0}. */
    public String getImage() {
        return image;
    }

    /** The tags after the first. */
    public List<String> getExtraTags() {
        return new ArrayList<>(extraTags);
    }

    /** Every tag the list goes to, the image's first. */
    public List<String> getTags() {
        List<String> tags = new ArrayList<>();
        tags.add(ImageRef.parse(image).tag());
        tags.addAll(extraTags);
        return tags;
    }

    public List<String> getPlatforms() {
        return new ArrayList<>(platforms);
    }

    public String getContext() {
        return context;
    }

    public String getDockerfile() {
        return dockerfile;
    }

    public Map<String, String> getBuildArgs() {
        return new LinkedHashMap<>(buildArgs);
    }

    public String getTarget() {
        return target;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** The registry the image lives on (and the credentials are for). */
    public String getRegistryHost() {
        return registryHost;
    }

    public List<PlannedPlatform> getPlan() {
        return new ArrayList<>(plan);
    }

    /** The planned label and mode of a platform, or null when it is not part of this build. */
    public PlannedPlatform planned(String platform) {
        String normalized = Platform.parse(platform).toString();
        return plan.stream().filter(p -> p.getPlatform().equals(normalized)).findFirst().orElse(null);
    }

    public String getArchTemplate() {
        return archTemplate;
    }

    public boolean isReport() {
        return report;
    }

    public boolean isAllowPartial() {
        return allowPartial;
    }

    public String getFormat() {
        return format;
    }

    public List<String> getInsecureRegistries() {
        return new ArrayList<>(insecureRegistries);
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    public String getPublishLabel() {
        return publishLabel;
    }

    public int getRetries() {
        return retries;
    }

    public String getProbeDir() {
        return probeDir;
    }
}
