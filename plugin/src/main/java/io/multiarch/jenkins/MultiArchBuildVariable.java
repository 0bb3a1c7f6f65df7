package io.multiarch.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import groovy.lang.Binding;
import hudson.Extension;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;
import org.jenkinsci.plugins.workflow.cps.GroovySourceFileAllowlist;

/**
 * The Pipeline global variable {@code multiArchBuild}: {@code multiArchBuild(image: ..., platforms: [...])}
 * runs each platform in its own {@code node(label)} through the Jenkins queue, in {@code parallel}, then
 * publishes once. Its value is the small Groovy class {@code MultiArchBuildDsl} from this plugin's
 * resources, loaded through the script's class loader (as docker-workflow's {@code docker} variable does)
 * and admitted by {@link Allowlist}. Why a global variable and not a Step: docs/adr/0003.
 * There is deliberately no Step called {@code multiArchBuild}.
 */
@Extension
public class MultiArchBuildVariable extends GlobalVariable {
    static final String NAME = "multiArchBuild";
    static final String DSL_CLASS = "io.multiarch.jenkins.MultiArchBuildDsl";

    @NonNull
    @Override
    public String getName() {
        return NAME;
    }

    @NonNull
    @Override
    public Object getValue(@NonNull CpsScript script) throws Exception {
        Binding binding = script.getBinding();
        if (binding.hasVariable(NAME)) {
            return binding.getVariable(NAME);
        }
        Object value = script.getClass().getClassLoader().loadClass(DSL_CLASS).getConstructor(CpsScript.class)
                .newInstance(script);
        binding.setVariable(NAME, value);
        return value;
    }

    /** Lets the Pipeline class loader read exactly this plugin's {@code MultiArchBuildDsl.groovy} (SECURITY-359). */
    @Extension
    public static class Allowlist extends GroovySourceFileAllowlist {
        private final String scriptUrl = MultiArchBuildVariable.class.getResource("MultiArchBuildDsl.groovy").toString();

        @Override
        public boolean isAllowed(String groovyResourceUrl) {
            return groovyResourceUrl.equals(scriptUrl);
        }
    }
}
