/**
 * Multi-architecture builds: agents and their capabilities, the plan (platform to agent, native or
 * emulated), parallel execution through a command-runner port, and the outcome.
 */
package io.multiarch.core.build;
