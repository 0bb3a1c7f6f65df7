package io.multiarch.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.ArchImageTemplate;
import io.multiarch.core.report.BuildReportWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code buildxBuild}: inside a {@code node}, builds every requested platform on this agent's engine with
 * buildx — one multi-platform invocation when the builder supports it, else one per platform — pushes each
 * per-arch image by digest and, with {@code publish} (default), the verified list; with {@code push: false}
 * the images only go into the agent's engine. Returns
 * {@code [listDigest:, mediaType:, tags:, digests: [platform: digest], images: [...], status:, report:]}
 * and adds a report action.
 */
public final class BuildxBuildStep extends Step {
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
    private boolean publish = true;
    private boolean push = true;
    private String builder;
    private String archTemplate = ArchImageTemplate.DEFAULT;
    private String format = "auto";
    private String insecureRegistries;
    private int timeoutMinutes;
    private boolean report = true;
    private String probeDir;

    /**
     * @param image the repository (and tag) of the list, e.g. {@code registry.example.com/team/app:1.0}
     * @param platforms comma-separated, e.g. {@code linux/amd64,linux/arm64} (a list in scripts)
     */
    @DataBoundConstructor
    public BuildxBuildStep(String image, String platforms) {
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

    /** Tags of the list, separated by commas or spaces (a list in scripts); the first names the per-arch images. */
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

    /** {@code KEY=VALUE} lines (a map in scripts). */
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

    public boolean isPublish() {
        return publish;
    }

    /** Publish the list (default); false: push the per-arch images only. */
    @DataBoundSetter
    public void setPublish(boolean publish) {
        this.publish = publish;
    }

    public boolean isPush() {
        return push;
    }

    /**
     * Push the per-arch images (default); false: build them into this agent's engine ({@code --load})
     * under their per-arch names, push nothing and publish no list.
     */
    @DataBoundSetter
    public void setPush(boolean push) {
        this.push = push;
    }

    public String getBuilder() {
        return builder;
    }

    /** The buildx builder ({@code BUILDX_BUILDER}); empty for the current one. */
    @DataBoundSetter
    public void setBuilder(String builder) {
        this.builder = Values.text(builder);
    }

    public String getArchTemplate() {
        return archTemplate;
    }

    @DataBoundSetter
    public void setArchTemplate(String archTemplate) {
        String text = Values.text(archTemplate);
        this.archTemplate = text == null ? ArchImageTemplate.DEFAULT : text;
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

    public boolean isReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(boolean report) {
        this.report = report;
    }

    public String getProbeDir() {
        return probeDir;
    }

    @DataBoundSetter
    public void setProbeDir(String probeDir) {
        this.probeDir = Values.text(probeDir);
    }

    /** The step's options in the shape {@link BuildOptions} reads. */
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
        map.put("archTemplate", archTemplate);
        map.put("format", format);
        map.put("insecureRegistries", insecureRegistries);
        map.put("timeoutMinutes", timeoutMinutes);
        map.put("report", report);
        map.put("probeDir", probeDir);
        return map;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient BuildxBuildStep step;

        Execution(StepContext context, BuildxBuildStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            Launcher launcher = getContext().get(Launcher.class);
            EnvVars env = new EnvVars(getContext().get(EnvVars.class));
            TaskListener listener = getContext().get(TaskListener.class);
            BuildOptions options;
            try {
                options = BuildOptions.fromMap(step.toMap(), MultiArchGlobalConfiguration.get().defaults(), "buildxBuild", false);
            } catch (MultiarchException e) {
                throw JenkinsSupport.abort(e);
            }
            if (step.builder != null) {
                env.put("BUILDX_BUILDER", step.builder);
            }
            JenkinsSupport.Login login = JenkinsSupport.login(run, options.getCredentialsId());
            MultiArchReportAction action = MultiArchReportAction.attach(run, "buildxBuild", options.getImage(), options.getTags(),
                    null, options.getPlatforms());
            String node = env.get("NODE_NAME", "built-in");
            for (String platform : options.getPlatforms()) {
                action.started(platform, node);
            }
            FilePath scratch = JenkinsSupport.scratch(workspace, "multiarch-" + action.getIndex() + "-buildx");
            try {
                AgentWork.BuildTask task = AgentWork.BuildTask.of(options, options.getPlatforms(), scratch.getRemote());
                JenkinsSupport.access(task, login, options.getInsecureRegistries(), env);
                task.writeReport = options.isReport();
                task.oneInvocation = true;
                task.publish = step.publish;
                task.push = step.push;
                LinkedHashMap<String, Object> outcome;
                try {
                    outcome = workspace.act(new AgentCallables.Build(task, listener));
                } catch (RuntimeException e) {
                    throw JenkinsSupport.abortIfEngine(e, task.password);
                }
                String base = action.getArtifactBase();
                Map<String, String> files = new LinkedHashMap<>();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> results = (List<Map<String, Object>>) outcome.get("platforms");
                for (Map<String, Object> result : results) {
                    String log = null;
                    if (options.isReport() && result.get("log") != null) {
                        String name = String.valueOf(result.get("log"));
                        name = name.substring(name.lastIndexOf('/') + 1);
                        log = base + "/logs/" + name;
                        files.put(log, "logs/" + name);
                    }
                    action.finished(result, node, log);
                }
                String reportPath = null;
                if (options.isReport()) {
                    for (String name : List.of(BuildReportWriter.JSON, BuildReportWriter.HTML, BuildReportWriter.JUNIT)) {
                        files.put(base + "/" + name, name);
                    }
                    reportPath = base;
                }
                JenkinsSupport.archive(run, scratch, launcher, listener, files);
                if ((!step.publish || !step.push) && outcome.get("failure") == null) {
                    action.completed(null, null, List.of(), null, reportPath);
                    run.save();
                    return JenkinsSupport.returnValue(action, step.push);
                }
                return JenkinsSupport.complete(run, action, outcome, reportPath, listener);
            } finally {
                scratch.deleteRecursive();
            }
        }
    }

    @Extension
    @Symbol("buildxBuild")
    public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {
        @Override
        public String getFunctionName() {
            return "buildxBuild";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build a multi-architecture image on this agent with buildx";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class);
        }

        /** Lets scripts give lists and maps: {@code platforms: ['linux/amd64']}, {@code buildArgs: [K: 'v']}. */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return StepArguments.flatten(arguments, List.of("platforms", "tags", "insecureRegistries"), List.of("buildArgs"));
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
