/** Reports of what the engine did: JSON for machines, later HTML and JUnit for people and CI. */
package io.multiarch.core.report;
