package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

public abstract class FormValidation extends IOException implements HttpResponse {
    private FormValidation() {
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(String format, Object... args) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation ok(String format, Object... args) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(Throwable e, String format, Object... args) {
        throw new UnsupportedOperationException("stub");
    }
}
