package com.cloudbees.plugins.credentials;

public class BaseCredentials implements Credentials {
    public BaseCredentials(CredentialsScope scope) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public CredentialsDescriptor getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
