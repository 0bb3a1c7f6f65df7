package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Everything a multi-architecture build needs. Build one with {@link #builder(ImageRef, List, BuildSpec)}. */
public final class BuildRequest {
    private final ImageRef image;
    private final List<String> extraTags;
    private final List<Platform> platforms;
    private final BuildSpec spec;
    private final Map<Platform, Agent> pinned;
    private final List<Agent> agents;
    private final Agent emulationAgent;
    private final ArchImageTemplate archImages;
    private final boolean allowPartial;
    private final String username;
    private final Secret password;
    private final Set<String> insecureRegistries;
    private final Path reportDir;
    private final boolean dryRun;
    private final Duration platformTimeout;
    private final ListFormat format;
    private final Map<String, String> env;
    private final boolean oneInvocation;
    private final boolean publish;
    private final boolean push;

    private BuildRequest(Builder b) {
        this.image = b.image;
        this.extraTags = List.copyOf(b.extraTags);
        this.platforms = List.copyOf(b.platforms);
        this.spec = b.spec;
        this.pinned = Map.copyOf(b.pinned);
        this.agents = List.copyOf(b.agents);
        this.emulationAgent = b.emulationAgent;
        this.archImages = new ArchImageTemplate(b.archImages);
        this.allowPartial = b.allowPartial;
        this.username = b.username;
        this.password = b.password;
        this.insecureRegistries = Set.copyOf(b.insecureRegistries);
        this.reportDir = b.reportDir;
        this.dryRun = b.dryRun;
        this.platformTimeout = b.platformTimeout;
        this.format = b.format;
        this.env = Map.copyOf(b.env);
        this.oneInvocation = b.oneInvocation;
        this.publish = b.publish && b.push;
        this.push = b.push;
    }

    public static Builder builder(ImageRef image, List<Platform> platforms, BuildSpec spec) {
        return new Builder(image, platforms, spec);
    }

    public ImageRef image() {
        return image;
    }

    /** Every tag the list goes to: the image's tag first. */
    public List<String> tags() {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        tags.add(image.tag());
        tags.addAll(extraTags);
        return List.copyOf(tags);
    }

    public List<String> extraTags() {
        return extraTags;
    }

    public List<Platform> platforms() {
        return platforms;
    }

    public BuildSpec spec() {
        return spec;
    }

    public Map<Platform, Agent> pinned() {
        return pinned;
    }

    public List<Agent> agents() {
        return agents;
    }

    public Agent emulationAgent() {
        return emulationAgent;
    }

    public ImageRef archImage(Platform platform) {
        return archImages.apply(image, platform);
    }

    public boolean allowPartial() {
        return allowPartial;
    }

    public String username() {
        return username;
    }

    public Secret password() {
        return password;
    }

    public Set<String> insecureRegistries() {
        return insecureRegistries;
    }

    public Path reportDir() {
        return reportDir;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Duration platformTimeout() {
        return platformTimeout;
    }

    public ListFormat format() {
        return format;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Whether to publish the list after the builds (false: build and push the per-arch images only). */
    public boolean publish() {
        return publish;
    }

    /**
     * Whether the per-arch images are pushed (default). False: each platform is built and loaded into
     * its agent's engine under its per-arch name; nothing is pushed and no list is published.
     */
    public boolean push() {
        return push;
    }

    /** Whether all platforms may go into one buildx invocation when the builder supports it. */
    public boolean oneInvocation() {
        return oneInvocation;
    }

    /** Collects the options; {@link #build()} validates them. */
    public static final class Builder {
        private final ImageRef image;
        private final List<Platform> platforms;
        private final BuildSpec spec;
        private final List<String> extraTags = new ArrayList<>();
        private final Map<Platform, Agent> pinned = new LinkedHashMap<>();
        private final List<Agent> agents = new ArrayList<>(List.of(Agent.local()));
        private Agent emulationAgent = Agent.local();
        private String archImages = ArchImageTemplate.DEFAULT;
        private boolean allowPartial;
        private String username;
        private Secret password;
        private final Set<String> insecureRegistries = new LinkedHashSet<>();
        private Path reportDir;
        private boolean dryRun;
        private Duration platformTimeout;
        private ListFormat format = ListFormat.AUTO;
        private Map<String, String> env = Map.of();
        private boolean oneInvocation;
        private boolean publish = true;
        private boolean push = true;

        private Builder(ImageRef image, List<Platform> platforms, BuildSpec spec) {
            this.image = Objects.requireNonNull(image, "image");
            this.platforms = List.copyOf(platforms);
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        public Builder extraTags(List<String> tags) {
            extraTags.addAll(tags);
            return this;
        }

        public Builder pin(Platform platform, Agent agent) {
            pinned.put(platform, agent);
            return this;
        }

        /** Another agent that may build natively (the local engine is one by default). */
        public Builder agent(Agent agent) {
            if (!agents.contains(agent)) {
                agents.add(agent);
            }
            return this;
        }

        /** Leaves the local engine out, unless it is pinned or the emulation agent. */
        public Builder withoutLocalAgent() {
            agents.remove(Agent.local());
            return this;
        }

        /** The agent for platforms no agent builds natively; null for none. Default: the local engine. */
        public Builder emulationAgent(Agent agent) {
            this.emulationAgent = agent;
            return this;
        }

        public Builder archImages(String template) {
            this.archImages = template;
            return this;
        }

        public Builder allowPartial(boolean value) {
            this.allowPartial = value;
            return this;
        }

        public Builder credentials(String user, Secret secret) {
            this.username = user;
            this.password = secret;
            return this;
        }

        public Builder insecureRegistries(Set<String> hosts) {
            insecureRegistries.addAll(hosts);
            return this;
        }

        public Builder reportDir(Path dir) {
            this.reportDir = dir;
            return this;
        }

        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public Builder platformTimeout(Duration value) {
            this.platformTimeout = value;
            return this;
        }

        public Builder format(ListFormat value) {
            this.format = value;
            return this;
        }

        /** The environment docker runs with (DOCKER_CONFIG, HOME, proxies). */
        public Builder env(Map<String, String> value) {
            this.env = value;
            return this;
        }

        /** Allows one multi-platform buildx invocation on a builder that supports it (multiarch buildx). */
        public Builder oneInvocation(boolean value) {
            this.oneInvocation = value;
            return this;
        }

        /**
         * Whether to publish the list at the end (default true). Jenkins builds each platform on its
         * own node with {@code publish(false)} and publishes once all branches are done.
         */
        public Builder publish(boolean value) {
            this.publish = value;
            return this;
        }

        /**
         * Whether to push the per-arch images (default true). False builds each platform into its
         * agent's engine ({@code --load}) and implies no list.
         */
        public Builder push(boolean value) {
            this.push = value;
            return this;
        }

        public BuildRequest build() {
            if (platforms.isEmpty()) {
                throw MultiarchException.invalidInput("No platforms: pass --platforms, e.g. linux/amd64,linux/s390x");
            }
            if (image.digest() != null) {
                throw MultiarchException.invalidInput("The image '" + image + "' has a digest; name a repository and tag");
            }
            if ((username == null) != (password == null)) {
                throw MultiarchException.invalidInput("A user name needs a password and a password a user name "
                        + "(--username with --password-stdin)");
            }
            for (Platform p : pinned.keySet()) {
                if (!platforms.contains(p)) {
                    throw MultiarchException.invalidInput("--endpoint names " + p + ", which is not in --platforms " + platforms);
                }
            }
            extraTags.forEach(image::withTag);
            if (!push) {
                // without a push there is no list: options about the list would be silently ignored
                if (!extraTags.isEmpty()) {
                    throw MultiarchException.invalidInput("Extra tags " + extraTags + " name the list, and without push "
                            + "no list is published; drop the extra --tag or --no-push (the first tag names the per-arch images)");
                }
                if (allowPartial) {
                    throw MultiarchException.invalidInput("--allow-partial is about publishing the list, and without push "
                            + "no list is published; drop --allow-partial or --no-push");
                }
                if (format != ListFormat.AUTO) {
                    throw MultiarchException.invalidInput("--format " + format.name().toLowerCase(java.util.Locale.ROOT)
                            + " is the list's format, and without push no list is published; drop --format or --no-push");
                }
            }
            new ArchImageTemplate(archImages).applyAll(image, platforms);
            return new BuildRequest(this);
        }
    }
}
