package org.jenkinsci.plugins.workflow.cps;

import hudson.ExtensionPoint;

public abstract class GroovySourceFileAllowlist implements ExtensionPoint {
    public abstract boolean isAllowed(String groovySourceFileUrl);
}
