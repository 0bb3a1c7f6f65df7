package org.jenkinsci.plugins.workflow.cps;

import com.cloudbees.groovy.cps.SerializableScript;
import java.io.IOException;

public abstract class CpsScript extends SerializableScript {
    public CpsScript() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
