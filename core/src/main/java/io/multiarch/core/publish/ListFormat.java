package io.multiarch.core.publish;

import io.multiarch.core.MultiarchException;
import java.util.Locale;

/** Which kind of list to publish. */
public enum ListFormat {
    /** Follow the sources: a Docker list when every source is a Docker v2 image, else an OCI index. */
    AUTO,
    /** A Docker manifest list v2 (every source must be a Docker v2 image manifest). */
    DOCKER,
    /** An OCI image index. */
    OCI;

    public static ListFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw MultiarchException.invalidInput("Invalid list format '" + text + "': expected auto, docker or oci");
        }
    }
}
