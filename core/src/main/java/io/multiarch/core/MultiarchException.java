package io.multiarch.core;

/**
 * Root of every error the engine reports to a user. The message always says what failed, the
 * input or remote involved, and how to fix it; the {@link Kind} decides the CLI exit code and how
 * the Jenkins adapter presents it.
 */
public class MultiarchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What sort of failure this is; each maps to one documented exit code. */
    public enum Kind {
        /** An operation failed: a source is missing or mislabelled, a platform build failed. */
        OPERATION_FAILED(1),
        /** The user's input is invalid: a malformed reference, platform, template or spec. */
        INVALID_INPUT(2),
        /** A registry refused or could not be reached, or authentication failed. */
        REGISTRY(3),
        /** A bug or an unexpected state of this program. */
        INTERNAL(4);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public MultiarchException(Kind kind, String message) {
        super(requireMessage(message));
        this.kind = kind;
    }

    public MultiarchException(Kind kind, String message, Throwable cause) {
        super(requireMessage(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static MultiarchException invalidInput(String message) {
        return new MultiarchException(Kind.INVALID_INPUT, message);
    }

    public static MultiarchException failed(String message) {
        return new MultiarchException(Kind.OPERATION_FAILED, message);
    }

    private static String requireMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("an error needs a message that tells the user what to do");
        }
        return message;
    }
}
