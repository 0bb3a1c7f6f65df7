package hudson;

import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    public FilePath(VirtualChannel channel, String remote) {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath(File localPath) {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath(FilePath base, String rel) {
        throw new UnsupportedOperationException("stub");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("stub");
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        throw new UnsupportedOperationException("stub");
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("stub");
    }
}
