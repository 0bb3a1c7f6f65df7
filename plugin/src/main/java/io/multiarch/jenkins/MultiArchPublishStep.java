package io.multiarch.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Internal last step of {@code multiArchBuild}, after all platform branches: publishes the list once (only
 * when every platform succeeded, unless allowPartial), writes and archives the aggregated report, and
 * returns {@code [listDigest:, mediaType:, tags:, digests:, images:, status:, report:]}. Fails the build
 * with the engine's message when nothing could be published.
 */
public final class MultiArchPublishStep extends Step {
    private final String id;

    /** @param id the report action's URL name, from {@code multiArchPlan} */
    @DataBoundConstructor
    public MultiArchPublishStep(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, id);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final String id;

        Execution(StepContext context, String id) {
            super(context);
            this.id = id;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            MultiArchReportAction action = MultiArchReportAction.find(run, id);
            if (action == null || action.getOptions() == null) {
                throw new AbortException("No multiArchBuild report '" + id + "' in this build: call multiArchBuild, "
                        + "not its internal steps");
            }
            return JenkinsSupport.publish(run, action, getContext().get(FilePath.class), getContext().get(Launcher.class),
                    getContext().get(EnvVars.class), getContext().get(TaskListener.class));
        }
    }

    @Extension
    @Symbol("multiArchPublish")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "multiArchPublish";
        }

        @Override
        public String getDisplayName() {
            return "Internal: publish a multiArchBuild (use multiArchBuild)";
        }

        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class);
        }
    }
}
