/**
 * Our own OCI distribution client on {@code java.net.http} and Jackson: anonymous, Basic and
 * Bearer-token auth, docker's credential stores, plain HTTP for loopback and insecure registries,
 * retries on 429/5xx with {@code Retry-After}, cross-repository mounts, byte-exact manifests.
 */
package io.multiarch.core.registry;
