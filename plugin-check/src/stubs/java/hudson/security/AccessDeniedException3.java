package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public class AccessDeniedException3 extends AccessDeniedException {
    public AccessDeniedException3(Authentication authentication, Permission permission) {
        super(null);
    }
}
