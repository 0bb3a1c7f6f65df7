package io.multiarch.core.doctor;

import io.multiarch.core.platform.Platform;
import java.util.Objects;

/**
 * What {@link BinfmtRegistrar} did for one platform.
 *
 * @param platform the platform asked for
 * @param handler the binfmt_misc entry name ({@code qemu-s390x}), or null when none applies
 * @param outcome what happened
 * @param detail for people: the handler and flags, what was wrong before, or why it failed and how to fix it
 */
public record Registration(Platform platform, String handler, Outcome outcome, String detail) {
    public Registration {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** What happened to a platform's handler. */
    public enum Outcome {
        /** The host runs this platform itself: no handler is registered (that would break the host). */
        NATIVE("native"),
        /** A correct handler was there already: nothing was written. */
        ALREADY_OK("already OK"),
        /** No handler was there; one was registered. */
        REGISTERED("registered"),
        /** A wrong handler (interpreter, flags, magic or disabled) was removed and a correct one registered. */
        REREGISTERED("re-registered"),
        /** Nothing could be done; the detail says why and what to do. */
        FAILED("FAILED");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean ok() {
        return outcome != Outcome.FAILED;
    }
}
