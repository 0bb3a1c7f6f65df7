package io.multiarch.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON for the engine. Reading (manifests, configs, registry answers, docker's config.json) goes
 * through Jackson's streaming parser into Jackson's tree nodes, without an {@link ObjectMapper}:
 * building a mapper and its deserializers costs about 25 ms of a cold CLI run, more than the
 * registry round trips of a publish (docs/adr/0004-cli-start-up.md). Writing reports uses the one
 * shared mapper, created on first use.
 */
public final class Json {
    private Json() {
    }

    /** The shared mapper (thread-safe once configured), for writing reports and files. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    /** Parses one JSON value; empty input gives a missing node. */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = FactoryHolder.FACTORY.createParser(bytes)) {
            return readAll(parser);
        }
    }

    public static JsonNode read(String text) throws IOException {
        try (JsonParser parser = FactoryHolder.FACTORY.createParser(text)) {
            return readAll(parser);
        }
    }

    public static JsonNode read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    private static JsonNode readAll(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = value(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "unexpected content after the JSON value");
        }
        return value;
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return nodes.numberNode(parser.getIntValue());
                    case LONG:
                        return nodes.numberNode(parser.getLongValue());
                    default:
                        return nodes.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected JSON token " + token);
        }
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final class FactoryHolder {
        static final JsonFactory FACTORY = new JsonFactory();
    }
}
