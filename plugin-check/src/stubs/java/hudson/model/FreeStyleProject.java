package hudson.model;

public class FreeStyleProject extends Project<FreeStyleProject, FreeStyleBuild> {
    public FreeStyleProject(ItemGroup parent, String name) {
        super(parent, name);
    }
}
