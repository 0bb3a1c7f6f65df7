/**
 * The Jenkins adapter of the multiarch engine: the Pipeline global variable {@code multiArchBuild}
 * ({@link io.multiarch.jenkins.MultiArchBuildVariable}, expanding into {@code parallel} + {@code node} so every
 * platform goes through the queue: docs/adr/0003), the steps {@code buildxBuild} and {@code pushManifest},
 * the freestyle step, the report action and the global configuration.
 *
 * <p>Jenkins glue only. What runs on an agent is plain Java ({@link io.multiarch.jenkins.AgentWork}, called by
 * the remoting callables of {@link io.multiarch.jenkins.AgentCallables}); option parsing is plain Java too
 * ({@link io.multiarch.jenkins.BuildOptions}), tested without Jenkins. Every Jenkins API used is listed with its
 * source in docs/jenkins-api-usage.md.
 */
package io.multiarch.jenkins;
