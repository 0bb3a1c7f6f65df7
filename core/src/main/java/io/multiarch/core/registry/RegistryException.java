package io.multiarch.core.registry;

import io.multiarch.core.MultiarchException;

/** A registry refused a request, could not be reached, or did not accept our credentials. */
public class RegistryException extends MultiarchException {
    private static final long serialVersionUID = 1L;
    private final String registry;
    private final int status;
    private final String errorCode;

    public RegistryException(String registry, int status, String errorCode, String message, Throwable cause) {
        super(Kind.REGISTRY, message, cause);
        this.registry = registry;
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryException(String registry, int status, String errorCode, String message) {
        this(registry, status, errorCode, message, null);
    }

    /** The registry host as the user wrote it. */
    public String registry() {
        return registry;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The registry's error code (e.g. {@code MANIFEST_UNKNOWN}), or null. */
    public String errorCode() {
        return errorCode;
    }
}
