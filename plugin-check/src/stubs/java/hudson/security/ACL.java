package hudson.security;

import hudson.model.User;
import org.springframework.security.core.Authentication;

public abstract class ACL {
    public static final Authentication SYSTEM2 = null;

    public static ACLContext as(User user) {
        throw new UnsupportedOperationException("stub");
    }
}
