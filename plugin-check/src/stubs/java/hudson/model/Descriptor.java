package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    protected Descriptor(Class<? extends T> clazz) {
        throw new UnsupportedOperationException("stub");
    }

    protected Descriptor() {
        throw new UnsupportedOperationException("stub");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public synchronized void save() {
        throw new UnsupportedOperationException("stub");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("stub");
    }

    public static final class FormException extends Exception implements HttpResponse {
        public FormException(String message, String formField) {
            throw new UnsupportedOperationException("stub");
        }

        public FormException(String message, Throwable cause, String formField) {
            throw new UnsupportedOperationException("stub");
        }

        public FormException(Throwable cause, String formField) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
