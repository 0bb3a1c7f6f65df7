/** The platform model: {@code os/architecture[/variant]}, aliases and matching. */
package io.multiarch.core.platform;
