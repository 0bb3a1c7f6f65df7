/**
 * The multiarch engine: plain Java, no Jenkins and no CLI types. Sub-packages hold the platform
 * model, image references, the registry client, manifest models, publishing and reports.
 */
package io.multiarch.core;
