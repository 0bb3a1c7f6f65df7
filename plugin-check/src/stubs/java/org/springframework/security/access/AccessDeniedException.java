package org.springframework.security.access;

public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String msg) {
        throw new UnsupportedOperationException("stub");
    }

    public AccessDeniedException(String msg, Throwable t) {
        throw new UnsupportedOperationException("stub");
    }
}
