package io.multiarch.core.doctor;

import java.util.Objects;

/**
 * One line of the doctor's report.
 *
 * @param agent the agent it concerns ({@code local}, an endpoint), or {@link #THIS_HOST} for facts of the machine
 *        the doctor runs on (binfmt handlers, registry reachability)
 * @param name what was checked, e.g. {@code engine}, {@code buildx}, {@code platform linux/s390x}
 * @param ok whether it is fine
 * @param detail what was found (never a secret)
 * @param fix what to do when it is not fine; null when {@code ok}
 */
public record Check(String agent, String name, boolean ok, String detail, String fix) {
    /** The agent name of checks about the machine the doctor runs on. */
    public static final String THIS_HOST = "this host";

    public Check {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (!ok && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a failed check needs a fix: " + agent + " " + name + ": " + detail);
        }
        if (ok) {
            fix = null;
        }
    }

    public static Check ok(String agent, String name, String detail) {
        return new Check(agent, name, true, detail, null);
    }

    public static Check fail(String agent, String name, String detail, String fix) {
        return new Check(agent, name, false, detail, fix);
    }
}
