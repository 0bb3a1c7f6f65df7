package io.multiarch.jenkins

import com.cloudbees.groovy.cps.NonCPS
import org.jenkinsci.plugins.workflow.cps.CpsScript
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/**
 * The value of the multiArchBuild global variable (see docs/adr/0003-multiarchbuild-queue-semantics.md).
 *
 * It only sequences steps, so that every platform takes an executor through the Jenkins queue exactly as
 * node(label) does: plan (Java), stash the context, parallel branches of node + dir + unstash (or checkout scm)
 * + one platform's build (Java), then publish once (Java). Keep it small and its shape stable: every method
 * is callable from sandboxed scripts, running builds keep using the class they started with, and no secret
 * ever passes through it (the Java steps look the credentials up themselves).
 */
class MultiArchBuildDsl implements Serializable {
    private static final long serialVersionUID = 1L

    private CpsScript script

    MultiArchBuildDsl(CpsScript script) {
        this.script = script
    }

    /** multiArchBuild(image: ..., platforms: [...], ...): returns [listDigest:, tags:, digests:, images:, ...]. */
    def call(Map args) {
        Map plan = script.multiArchPlan(args: args)
        if (plan.transfer == 'stash') {
            script.stash(name: plan.stash, includes: plan.includes, useDefaultExcludes: false)
        } else if (!hasScm()) {
            script.error('multiArchBuild was called outside node {}, so each agent has to check the build context out ' +
                    'itself (checkout scm), but this Pipeline does not come from SCM. Call multiArchBuild inside node { } ' +
                    '(or a stage with an agent) where the context is, and it is stashed to each agent instead.')
        }
        Map branches = [:]
        List platforms = plan.platforms
        for (int i = 0; i < platforms.size(); i++) {
            Map target = platforms[i]
            branches[target.platform] = {
                script.retry(count: plan.retries, conditions: [script.agent(), script.nonresumable()]) {
                    script.node(target.label) {
                        script.dir(plan.workdir) {
                            try {
                                if (plan.transfer == 'stash') {
                                    script.unstash(name: plan.stash)
                                } else {
                                    script.checkout(script.scm)
                                }
                                script.multiArchPlatformBuild(id: plan.id, platform: target.platform)
                            } finally {
                                script.deleteDir()
                            }
                        }
                    }
                }
            }
        }
        try {
            script.parallel(branches)
        } catch (Exception e) {
            if (interrupted(e)) {
                throw e
            }
            // a failed platform: its row is recorded; publishing decides (and writes the report)
        }
        Map result = null
        script.retry(count: plan.retries, conditions: [script.agent(), script.nonresumable()]) {
            if (plan.publishLabel) {
                script.node(plan.publishLabel) {
                    result = script.multiArchPublish(id: plan.id)
                }
            } else {
                result = script.multiArchPublish(id: plan.id)
            }
        }
        return result
    }

    private boolean hasScm() {
        try {
            script.getProperty('scm')
            return true
        } catch (Exception e) {
            return false
        }
    }

    @NonCPS
    private static boolean interrupted(Throwable t) {
        if (t instanceof FlowInterruptedException) {
            return true
        }
        for (Throwable s : t.suppressed) {
            if (s instanceof FlowInterruptedException) {
                return true
            }
        }
        return false
    }
}
