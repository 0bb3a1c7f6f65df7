package hudson.model;

import hudson.security.AccessControlled;

public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem>, AccessControlled {
    @Override
    public String getNodeName() {
        throw new UnsupportedOperationException("stub");
    }
}
