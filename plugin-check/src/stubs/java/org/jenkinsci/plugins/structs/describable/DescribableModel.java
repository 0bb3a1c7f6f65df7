package org.jenkinsci.plugins.structs.describable;

import hudson.model.TaskListener;
import java.io.Serializable;
import java.util.Map;

public final class DescribableModel<T> implements Serializable {
    public DescribableModel(Class<T> clazz) {
        throw new UnsupportedOperationException("stub");
    }

    public static <T> DescribableModel<T> of(Class<T> clazz) {
        throw new UnsupportedOperationException("stub");
    }

    public T instantiate(Map<String, ?> arguments, TaskListener listener) throws IllegalArgumentException {
        throw new UnsupportedOperationException("stub");
    }
}
