package com.cloudbees.groovy.cps;

import groovy.lang.Binding;
import groovy.lang.Script;
import java.io.Serializable;

public abstract class SerializableScript extends Script implements Serializable {
    public SerializableScript() {
    }

    public SerializableScript(Binding binding) {
        throw new UnsupportedOperationException("stub");
    }
}
