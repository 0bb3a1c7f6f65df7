package io.multiarch.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.multiarch.core.build.ArchImageTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.flow.StashManager;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step with the options of {@code multiArchBuild}. It dispatches each platform to an
 * online agent with the platform's label and builds there in parallel, then publishes once from the build's
 * own agent. Unlike the Pipeline step it does <em>not</em> go through the queue: it takes no executor on
 * those agents, does not wait for a busy one, does not make clouds provision one, and takes no workspace
 * lock (it works in a directory of its own under the agent's root). Its help says so.
 */
public class MultiArchBuildStep extends Builder implements SimpleBuildStep {
    private final String image;
    private final String platforms;
    private String tags;
    private String context = ".";
    private String dockerfile;
    private String buildArgs;
    private String target;
    private String credentialsId;
    private String registryUrl;
    private RegistrySpec registry;
    private String labels;
    private String emulationLabel;
    private String archTemplate = ArchImageTemplate.DEFAULT;
    private boolean report = true;
    private boolean allowPartial;
    private String format = "auto";
    private String insecureRegistries;
    private int timeoutMinutes;
    private String probeDir;

    /**
     * @param image the repository (and tag) of the list
     * @param platforms comma-separated platforms
     */
    @DataBoundConstructor
    public MultiArchBuildStep(String image, String platforms) {
        this.image = Values.text(image);
        this.platforms = Values.text(platforms);
    }

    public String getImage() {
        return image;
    }

    public String getPlatforms() {
        return platforms;
    }

    public String getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = Values.text(tags);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        String text = Values.text(context);
        this.context = text == null ? "." : text;
    }

    public String getDockerfile() {
        return dockerfile;
    }

    @DataBoundSetter
    public void setDockerfile(String dockerfile) {
        this.dockerfile = Values.text(dockerfile);
    }

    public String getBuildArgs() {
        return buildArgs;
    }

    @DataBoundSetter
    public void setBuildArgs(String buildArgs) {
        this.buildArgs = Values.lines(buildArgs);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Values.text(target);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Values.text(credentialsId);
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    @DataBoundSetter
    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = Values.text(registryUrl);
    }

    public RegistrySpec getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(RegistrySpec registry) {
        this.registry = registry;
    }

    public String getLabels() {
        return labels;
    }

    /** {@code PLATFORM=LABEL} lines, e.g. {@code linux/s390x=s390x}. */
    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = Values.lines(labels);
    }

    public String getEmulationLabel() {
        return emulationLabel;
    }

    @DataBoundSetter
    public void setEmulationLabel(String emulationLabel) {
        this.emulationLabel = Values.text(emulationLabel);
    }

    public String getArchTemplate() {
        return archTemplate;
    }

    @DataBoundSetter
    public void setArchTemplate(String archTemplate) {
        String text = Values.text(archTemplate);
        this.archTemplate = text == null ? ArchImageTemplate.DEFAULT : text;
    }

    public boolean isReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(boolean report) {
        this.report = report;
    }

    public boolean isAllowPartial() {
        return allowPartial;
    }

    @DataBoundSetter
    public void setAllowPartial(boolean allowPartial) {
        this.allowPartial = allowPartial;
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        String text = Values.text(format);
        this.format = text == null ? "auto" : text;
    }

    public String getInsecureRegistries() {
        return insecureRegistries;
    }

    @DataBoundSetter
    public void setInsecureRegistries(String insecureRegistries) {
        this.insecureRegistries = Values.text(insecureRegistries);
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public String getProbeDir() {
        return probeDir;
    }

    @DataBoundSetter
    public void setProbeDir(String probeDir) {
        this.probeDir = Values.text(probeDir);
    }

    /** The form's options in the shape of the Pipeline step's map. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("image", image);
        map.put("platforms", platforms);
        map.put("tags", tags);
        map.put("context", context);
        map.put("dockerfile", dockerfile);
        map.put("buildArgs", buildArgs);
        map.put("target", target);
        map.put("credentialsId", credentialsId);
        map.put("registryUrl", registryUrl);
        map.put("registry", registry == null ? null : registry.toMap());
        map.put("labels", labels);
        map.put("emulationLabel", emulationLabel);
        map.put("archTemplate", archTemplate);
        map.put("report", report);
        map.put("allowPartial", allowPartial);
        map.put("format", format);
        map.put("insecureRegistries", insecureRegistries);
        map.put("timeoutMinutes", timeoutMinutes);
        map.put("probeDir", probeDir);
        return map;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
            @NonNull TaskListener listener) throws InterruptedException, IOException {
        if (!(run instanceof AbstractBuild)) {
            throw new AbortException("This is the freestyle step; in a Pipeline use multiArchBuild, which takes an executor "
                    + "on each platform's agent through the queue");
        }
        BuildOptions options = JenkinsSupport.options(toMap(), "multiArchBuild (freestyle)");
        MultiArchReportAction action = MultiArchReportAction.attach(run, "freestyle", options.getImage(), options.getTags(),
                options, options.getPlatforms());
        String stash = action.getUrlName() + "-context";
        listener.getLogger().println("multiarch: no executor is taken on the platforms' agents (freestyle); the build context "
                + "'" + options.stashIncludes() + "' is copied to each of them");
        StashManager.stash(run, stash, workspace, launcher, env, listener, options.stashIncludes(), null, false, false);
        List<PlannedPlatform> plan = options.getPlan();
        ExecutorService pool = Executors.newFixedThreadPool(plan.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (PlannedPlatform platform : plan) {
                futures.add(pool.submit(() -> buildOn(run, action, platform, stash, listener)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String why = cause instanceof AbortException ? cause.getMessage() : String.valueOf(cause);
                    listener.getLogger().println("[" + plan.get(i).getPlatform() + "] " + why);
                    action.failed(plan.get(i).getPlatform(), why);
                }
            }
        } finally {
            pool.shutdownNow();
            StashManager.clearAll(run, listener);
        }
        JenkinsSupport.publish(run, action, workspace, launcher, env, listener);
    }

    /** Builds one platform on the first online agent with its label, in a fresh directory under the agent's root. */
    private static Void buildOn(Run<?, ?> run, MultiArchReportAction action, PlannedPlatform platform, String stash,
            TaskListener listener) throws IOException, InterruptedException {
        Node node = onlineNode(platform.getLabel());
        if (node == null) {
            throw new AbortException("no online agent has the label '" + platform.getLabel() + "' (the freestyle step does not "
                    + "wait in the queue nor provision cloud agents: bring one online, or use multiArchBuild in a Pipeline)");
        }
        Computer computer = node.toComputer();
        FilePath root = node.getRootPath();
        if (computer == null || root == null) {
            throw new AbortException("agent " + node.getNodeName() + " went offline");
        }
        String name = node.getNodeName().isEmpty() ? "built-in" : node.getNodeName();
        FilePath dir = root.child("multiarch-work").child(UUID.randomUUID().toString());
        Launcher launcher = node.createLauncher(listener);
        EnvVars env = computer.getEnvironment();
        env.putAll(computer.buildEnvironment(listener));
        env.put("NODE_NAME", name);
        try {
            StashManager.unstash(run, stash, dir, launcher, env, listener);
            JenkinsSupport.buildPlatform(run, action, platform.getPlatform(), name, dir, launcher, env, listener);
        } finally {
            dir.deleteRecursive();
        }
        return null;
    }

    private static Node onlineNode(String expression) {
        Label label = Jenkins.get().getLabel(expression);
        if (label == null) {
            return null;
        }
        for (Node node : label.getNodes()) {
            Computer computer = node.toComputer();
            if (computer != null && computer.isOnline() && node.getRootPath() != null) {
                return node;
            }
        }
        return null;
    }

    @Extension
    @Symbol("multiArchFreestyle")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build a multi-architecture image on labelled agents";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return JenkinsSupport.credentialsItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            JenkinsSupport.checkConfigure(item);
            return StepArguments.checkImage(value);
        }

        @POST
        public FormValidation doCheckPlatforms(@AncestorInPath Item item, @QueryParameter String value) {
            JenkinsSupport.checkConfigure(item);
            return PlatformLabel.checkPlatform(value);
        }
    }
}
