package io.multiarch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader gives the same trees as Jackson's mapper. */
class JsonTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":2,\"manifests\":[{\"size\":736,\"digest\":\"sha256:ab\",\"platform\":{\"os\":\"linux\"}}]}",
        "[1, -2, 3.25, 12345678901234567890123, true, false, null, \"t\\u00e9xt\", {}, []]",
        "\"just a string\"",
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}",
        "  {\"nested\": {\"deeper\": {\"deepest\": [[[1]]]}}}  ",
    })
    void readsWhatTheMapperReads(String json) throws IOException {
        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new ObjectMapper().readTree(json));
        assertThat(Json.read(json)).isEqualTo(new ObjectMapper().readTree(json));
    }

    @Test
    void emptyInputIsMissingAndJunkIsAnError() throws IOException {
        assertThat(Json.read(new byte[0]).isMissingNode()).isTrue();
        assertThatThrownBy(() -> Json.read("{\"a\":1} trailing")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.read("{\"a\":")).isInstanceOf(IOException.class);
    }
}
