package hudson.model;

import java.util.Set;

public abstract class Label extends Actionable implements Comparable<Label> {
    protected Label(String name) {
        throw new UnsupportedOperationException("stub");
    }

    public final String getName() {
        throw new UnsupportedOperationException("stub");
    }

    public Set<Node> getNodes() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean contains(Node node) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final int compareTo(Label that) {
        throw new UnsupportedOperationException("stub");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }
}
