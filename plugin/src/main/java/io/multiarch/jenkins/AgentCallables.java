package io.multiarch.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.util.LinkedHashMap;
import jenkins.MasterToSlaveFileCallable;

/**
 * The remoting callables that run the engine on an agent, through {@code FilePath.act} on the directory the
 * step works in. Each holds a plain Serializable request ({@link AgentWork}) and the build's
 * {@link TaskListener} (serializable over remoting) for output; on the agent it only calls {@link AgentWork}.
 * When the step is interrupted (abort), remoting cancels the call, which interrupts the agent thread: the
 * engine then kills docker and deletes its private {@code DOCKER_CONFIG}.
 */
final class AgentCallables {
    private AgentCallables() {
    }

    /** Builds platforms on the agent's engine. */
    static final class Build extends MasterToSlaveFileCallable<LinkedHashMap<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final AgentWork.BuildTask task;
        private final TaskListener listener;

        Build(AgentWork.BuildTask task, TaskListener listener) {
            this.task = task;
            this.listener = listener;
        }

        @Override
        public LinkedHashMap<String, Object> invoke(File dir, VirtualChannel channel) {
            return AgentWork.build(task, dir.toPath(), listener.getLogger());
        }
    }

    /** Publishes the list of what the branches built and writes the aggregated report. */
    static final class Publish extends MasterToSlaveFileCallable<LinkedHashMap<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final AgentWork.PublishTask task;
        private final TaskListener listener;

        Publish(AgentWork.PublishTask task, TaskListener listener) {
            this.task = task;
            this.listener = listener;
        }

        @Override
        public LinkedHashMap<String, Object> invoke(File dir, VirtualChannel channel) {
            return AgentWork.publish(task, dir.toPath(), listener.getLogger());
        }
    }

    /** Publishes a list from existing images (pushManifest). */
    static final class Push extends MasterToSlaveFileCallable<LinkedHashMap<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final AgentWork.PushTask task;
        private final TaskListener listener;

        Push(AgentWork.PushTask task, TaskListener listener) {
            this.task = task;
            this.listener = listener;
        }

        @Override
        public LinkedHashMap<String, Object> invoke(File dir, VirtualChannel channel) {
            return AgentWork.pushManifest(task, dir.toPath(), listener.getLogger());
        }
    }
}
