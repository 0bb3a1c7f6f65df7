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
 * Internal step of {@code multiArchBuild}: builds one platform inside the {@code node} its branch got from the
 * queue, with the engine running on that agent; records the platform's row and archives its log; fails
 * (after recording) when the platform failed, so its branch shows red. Runs off the CPS thread, and like every
 * {@link SynchronousNonBlockingStepExecution} does not survive a controller restart: the branch's
 * {@code retry(conditions: [agent(), nonresumable()])} then runs it again.
 */
public final class MultiArchPlatformBuildStep extends Step {
    private final String id;
    private final String platform;

    /**
     * @param id the report action's URL name, from {@code multiArchPlan}
     * @param platform the platform to build
     */
    @DataBoundConstructor
    public MultiArchPlatformBuildStep(String id, String platform) {
        this.id = id;
        this.platform = platform;
    }

    public String getId() {
        return id;
    }

    public String getPlatform() {
        return platform;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, id, platform);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final String id;
        private final String platform;

        Execution(StepContext context, String id, String platform) {
            super(context);
            this.id = id;
            this.platform = platform;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            EnvVars env = getContext().get(EnvVars.class);
            MultiArchReportAction action = MultiArchReportAction.find(run, id);
            if (action == null || action.getOptions() == null) {
                throw new AbortException("No multiArchBuild report '" + id + "' in this build: call multiArchBuild, "
                        + "not its internal steps");
            }
            String node = env.get("NODE_NAME", "built-in");
            Map<String, Object> result = JenkinsSupport.buildPlatform(run, action, platform, node,
                    getContext().get(FilePath.class), getContext().get(Launcher.class), env,
                    getContext().get(TaskListener.class));
            if (!"succeeded".equals(result.get("status"))) {
                throw new AbortException(platform + " failed on " + node + ": " + result.get("error"));
            }
            return result;
        }
    }

    @Extension
    @Symbol("multiArchPlatformBuild")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "multiArchPlatformBuild";
        }

        @Override
        public String getDisplayName() {
            return "Internal: build one platform of a multiArchBuild (use multiArchBuild)";
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
