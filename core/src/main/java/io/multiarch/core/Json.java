package io.multiarch.core;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one shared Jackson mapper of the engine (thread-safe once configured). Creating a mapper
 * costs tens of milliseconds of class loading, which matters for a CLI process.
 */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
