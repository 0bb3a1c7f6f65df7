package hudson.security;

public class ACLContext implements AutoCloseable {
    private ACLContext() {
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("stub");
    }
}
