/** Manifest, list and image-config models, read from the registry's bytes and written deterministically. */
package io.multiarch.core.manifest;
