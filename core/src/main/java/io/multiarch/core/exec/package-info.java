/** Running processes (docker) through a port the adapters can replace. */
package io.multiarch.core.exec;
