package org.jenkinsci.plugins.workflow.flow;

import hudson.model.Queue;
import java.io.Serializable;

public abstract class FlowExecutionOwner implements Serializable {
    public interface Executable extends Queue.Executable {
        FlowExecutionOwner asFlowExecutionOwner();
    }
}
