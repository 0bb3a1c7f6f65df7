package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    public static final Result SUCCESS = null;

    public static final Result UNSTABLE = null;

    public static final Result FAILURE = null;

    private Result() {
    }
}
