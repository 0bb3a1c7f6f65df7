package io.multiarch.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Internal first step of {@code multiArchBuild} (called by its Groovy variable, not by users): checks the
 * options, merges the global defaults, chooses a label per platform (its own label: native; else the
 * emulation label: emulated), adds the run's report action, and returns the plan the Groovy code follows.
 * Near-instant and free of I/O on agents, so it runs on the CPS thread.
 */
public final class MultiArchPlanStep extends Step {
    private final Object args;

    /** @param args the map given to {@code multiArchBuild} */
    @DataBoundConstructor
    public MultiArchPlanStep(Object args) {
        this.args = args;
    }

    public Object getArgs() {
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, args);
    }

    private static final class Execution extends SynchronousStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient Object args;

        Execution(StepContext context, Object args) {
            super(context);
            this.args = args;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            if (!(args instanceof Map<?, ?>)) {
                throw new AbortException("multiArchBuild takes named options, e.g. multiArchBuild(image: "
                        + "'registry.example.com/team/app', tags: ['1.0'], platforms: ['linux/amd64', 'linux/s390x'])");
            }
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            BuildOptions options = JenkinsSupport.options((Map<?, ?>) args, "multiArchBuild");
            boolean inNode = getContext().get(FilePath.class) != null;
            MultiArchReportAction action = MultiArchReportAction.attach(run, "multiArchBuild", options.getImage(),
                    options.getTags(), options, options.getPlatforms());

            LinkedHashMap<String, Object> plan = new LinkedHashMap<>();
            plan.put("id", action.getUrlName());
            ArrayList<LinkedHashMap<String, Object>> platforms = new ArrayList<>();
            for (PlannedPlatform p : options.getPlan()) {
                LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
                entry.put("platform", p.getPlatform());
                entry.put("label", p.getLabel());
                entry.put("mode", p.getMode());
                platforms.add(entry);
                listener.getLogger().println("multiArchBuild: " + p.getPlatform() + " -> an agent with label '" + p.getLabel()
                        + "' (" + p.getMode() + ")");
            }
            plan.put("platforms", platforms);
            plan.put("transfer", inNode ? "stash" : "scm");
            plan.put("stash", action.getUrlName() + "-context");
            plan.put("includes", options.stashIncludes());
            plan.put("workdir", "multiarch-" + action.getIndex());
            plan.put("retries", options.getRetries());
            String publishLabel = options.getPublishLabel();
            if (publishLabel == null && !inNode) {
                publishLabel = options.getPlan().get(0).getLabel();
            }
            plan.put("publishLabel", publishLabel);
            listener.getLogger().println("multiArchBuild: " + options.getImage() + " (tags " + String.join(", ", options.getTags())
                    + "); the build context goes to each agent by " + (inNode ? "stash of '" + options.stashIncludes() + "'"
                            : "checkout scm") + "; report: " + action.getDisplayName());
            return plan;
        }
    }

    @Extension
    @Symbol("multiArchPlan")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "multiArchPlan";
        }

        @Override
        public String getDisplayName() {
            return "Internal: plan a multiArchBuild (use multiArchBuild)";
        }

        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
