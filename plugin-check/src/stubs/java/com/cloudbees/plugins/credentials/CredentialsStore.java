package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Saveable;
import hudson.security.AccessControlled;
import java.io.IOException;

public abstract class CredentialsStore implements AccessControlled, Saveable {
    public abstract boolean addCredentials(Domain domain, Credentials credentials) throws IOException;
}
