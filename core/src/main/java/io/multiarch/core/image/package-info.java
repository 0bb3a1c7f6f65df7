/** Image references and content digests, parsed the way docker parses them. */
package io.multiarch.core.image;
