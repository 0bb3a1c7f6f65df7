package hudson.security;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

public abstract class SecurityRealm extends AbstractDescribableImpl<SecurityRealm> implements ExtensionPoint {
}
