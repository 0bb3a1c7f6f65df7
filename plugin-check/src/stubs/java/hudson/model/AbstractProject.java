package hudson.model;

import java.io.IOException;

public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R> {
    protected AbstractProject(ItemGroup parent, String name) {
        super(parent, name);
    }

    public void setAssignedLabel(Label l) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
