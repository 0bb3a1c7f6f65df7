/** Verified publishing of manifest lists: sources, checks, cross-repository copies, tags. */
package io.multiarch.core.publish;
