package com.cloudbees.plugins.credentials.impl;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Descriptor;
import hudson.util.Secret;

public class UsernamePasswordCredentialsImpl extends BaseStandardCredentials implements StandardUsernamePasswordCredentials {
    public UsernamePasswordCredentialsImpl(CredentialsScope scope, String id, String description, String username,
            String password) throws Descriptor.FormException {
        super(scope, id, description);
    }

    @Override
    public Secret getPassword() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getUsername() {
        throw new UnsupportedOperationException("stub");
    }
}
