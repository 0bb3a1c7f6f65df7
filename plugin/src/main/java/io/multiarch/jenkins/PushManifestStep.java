package io.multiarch.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.publish.ListFormat;
import java.util.ArrayList;
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
 * {@code pushManifest}: publishes a verified manifest list (or OCI index) from images that already exist —
 * platforms plus a template (manifest-tool's from-args), a manifest-tool YAML spec in the workspace, or an
 * explicit list of image and platform — under the target's tag and extra tags. Runs on the agent (a remoting
 * callable, where the workspace and the network path to the registry are) and returns the list digest.
 */
public final class PushManifestStep extends Step {
    private String target;
    private String tags;
    private String platforms;
    private String template;
    private String spec;
    private List<ManifestEntry> manifests = new ArrayList<>();
    private String format = "auto";
    private String credentialsId;
    private String registryUrl;
    private RegistrySpec registry;
    private String insecureRegistries;

    @DataBoundConstructor
    public PushManifestStep() {
        // every option is a setter: the sources come from one of three ways
    }

    public String getTarget() {
        return target;
    }

    /** Where the list goes, e.g. {@code registry.example.com/team/app:1.0}; optional with a spec naming an image. */
    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Values.text(target);
    }

    public String getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = Values.text(tags);
    }

    public String getPlatforms() {
        return platforms;
    }

    @DataBoundSetter
    public void setPlatforms(String platforms) {
        this.platforms = Values.text(platforms);
    }

    public String getTemplate() {
        return template;
    }

    /** manifest-tool's placeholders: OS, ARCH, VARIANT, e.g. {@code registry.example.com/team/app-ARCH:1.0}. */
    @DataBoundSetter
    public void setTemplate(String template) {
        this.template = Values.text(template);
    }

    public String getSpec() {
        return spec;
    }

    /** A manifest-tool YAML file, relative to the workspace. */
    @DataBoundSetter
    public void setSpec(String spec) {
        this.spec = Values.text(spec);
    }

    public List<ManifestEntry> getManifests() {
        return new ArrayList<>(manifests);
    }

    @DataBoundSetter
    public void setManifests(List<ManifestEntry> manifests) {
        this.manifests = manifests == null ? new ArrayList<>() : new ArrayList<>(manifests);
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        String text = Values.text(format);
        this.format = text == null ? "auto" : text;
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

    public String getInsecureRegistries() {
        return insecureRegistries;
    }

    @DataBoundSetter
    public void setInsecureRegistries(String insecureRegistries) {
        this.insecureRegistries = Values.text(insecureRegistries);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;

        private final transient PushManifestStep step;

        Execution(StepContext context, PushManifestStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            AgentWork.PushTask task = new AgentWork.PushTask();
            String credentials;
            try {
                String[] resolved = BuildOptions.registry(step.target, step.registry == null ? null : step.registry.toMap(),
                        step.registryUrl, step.credentialsId, MultiArchGlobalConfiguration.get().defaults(), "pushManifest");
                task.target = resolved[0];
                credentials = resolved[1];
                task.tags = Values.list(step.tags, "tags");
                task.platforms = Values.list(step.platforms, "platforms");
                task.template = step.template;
                task.spec = BuildOptions.relativePath(step.spec, "spec", "pushManifest");
                for (ManifestEntry entry : step.manifests) {
                    task.manifests.add(new String[] {entry.getImage(), entry.getPlatform()});
                }
                task.format = ListFormat.parse(step.format).name().toLowerCase(java.util.Locale.ROOT);
            } catch (MultiarchException e) {
                throw JenkinsSupport.abort(e);
            }
            JenkinsSupport.access(task, JenkinsSupport.login(run, credentials), Values.list(step.insecureRegistries,
                    "insecureRegistries"), getContext().get(EnvVars.class));
            LinkedHashMap<String, Object> result;
            try {
                result = workspace.act(new AgentCallables.Push(task, listener));
            } catch (RuntimeException e) {
                throw JenkinsSupport.abortIfEngine(e, task.password);
            }
            @SuppressWarnings("unchecked")
            List<String> pushed = (List<String>) result.get("tags");
            listener.getLogger().println("Published " + result.get("listDigest") + " as " + String.join(", ", pushed));
            return (String) result.get("listDigest");
        }
    }

    @Extension
    @Symbol("pushManifest")
    public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {
        @Override
        public String getFunctionName() {
            return "pushManifest";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Publish a multi-architecture manifest list from existing images";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        /** Lets scripts give lists: {@code platforms: ['linux/amd64', 'linux/s390x']}, {@code tags: ['latest']}. */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return StepArguments.flatten(arguments, List.of("platforms", "tags", "insecureRegistries"), List.of());
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return JenkinsSupport.credentialsItems(item, credentialsId);
        }
    }
}
