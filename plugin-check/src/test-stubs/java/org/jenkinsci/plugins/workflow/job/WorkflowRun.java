package org.jenkinsci.plugins.workflow.job;

import hudson.model.Run;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;

public final class WorkflowRun extends Run<WorkflowJob, WorkflowRun> implements FlowExecutionOwner.Executable {
    public WorkflowRun(WorkflowJob job) throws IOException {
        super(job);
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public FlowExecutionOwner asFlowExecutionOwner() {
        throw new UnsupportedOperationException("stub");
    }
}
