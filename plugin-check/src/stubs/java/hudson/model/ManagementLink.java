package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.security.Permission;

public abstract class ManagementLink implements ExtensionPoint, Action {
    @Override
    public abstract String getIconFileName();

    public String getDescription() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public abstract String getUrlName();

    public static ExtensionList<ManagementLink> all() {
        throw new UnsupportedOperationException("stub");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("stub");
    }

    public Category getCategory() {
        throw new UnsupportedOperationException("stub");
    }

    public enum Category {
        CONFIGURATION,
        SECURITY,
        STATUS,
        TROUBLESHOOTING,
        TOOLS,
        MISC,
        UNCATEGORIZED
    }
}
