package io.multiarch.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password or token. It never shows itself in {@code toString()}, so it cannot leak through a
 * log line, a report or an exception message by accident; {@link #reveal()} is called only where
 * the value must go on the wire or into a process's standard input.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret").toCharArray());
    }

    /** The plain value; only for the wire or a child process's stdin. */
    public String reveal() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
