/**
 * What each agent's Docker engine really builds, for administrators: the page Manage Jenkins &gt; Multi-arch
 * build agents ({@link io.multiarch.jenkins.agents.MultiArchAgentsLink}) and, when the global option
 * {@code automaticLabels} is on, labels such as {@code multiarch-native-s390x} and {@code multiarch-emulated-arm64}
 * ({@link io.multiarch.jenkins.agents.MultiArchLabelFinder}) so that {@code multiArchBuild} finds agents without
 * hand-kept labels.
 *
 * <p>The probe is the engine's own doctor ({@code io.multiarch.core.doctor.Doctor} with
 * {@code io.multiarch.core.build.AgentProbe}), run on the agent by a remoting callable when the agent comes online
 * or when an administrator asks, off the launch thread. Its result is a plain Serializable
 * {@link io.multiarch.jenkins.agents.AgentPlatforms} cached per node name; the label finder only reads that cache.
 * The classes without Jenkins types ({@code AgentPlatforms}, {@code AgentPlatformsProbe}, {@code AgentLabels},
 * {@code AgentPlatformsCache}, {@code AgentsTable}) are compiled and unit-tested without Jenkins.
 */
package io.multiarch.jenkins.agents;
