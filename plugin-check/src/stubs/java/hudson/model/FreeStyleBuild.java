package hudson.model;

import java.io.IOException;

public class FreeStyleBuild extends Build<FreeStyleProject, FreeStyleBuild> {
    public FreeStyleBuild(FreeStyleProject project) throws IOException {
        super(project);
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("stub");
    }
}
