package org.hyperrl.bench.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON mapper of the run directory files: pretty-printed, key order preserved, UTF-8. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Jackson writes a NaN or infinite double as a bare token; accept it back.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {
    }

    /** The shared mapper (thread-safe once configured; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Converts {@code value} (a map or a Jackson-serialisable record) to a JSON object tree.
     *
     * @throws IllegalArgumentException if it does not serialise to a JSON object
     */
    public static Map<String, Object> toObjectMap(Object value) {
        JsonNode tree = MAPPER.valueToTree(value);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("expected a value that serialises to a JSON object, got "
                    + (tree == null ? "null" : tree.getNodeType().toString().toLowerCase()) + " from "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return MAPPER.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Serialises {@code value} and writes it to {@code file} atomically, ending with a newline. */
    public static void write(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " to JSON for "
                    + file + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a JSON object from {@code file}.
     *
     * @throws IllegalStateException if the file is not a JSON object
     */
    public static Map<String, Object> readObject(Path file) {
        try {
            JsonNode tree = MAPPER.readTree(Files.readAllBytes(file));
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException(file + " does not hold a JSON object");
            }
            return MAPPER.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Converts a JSON object read by {@link #readObject} into {@code type} (e.g. a config record).
     *
     * @throws IllegalStateException if the object does not fit the type
     */
    public static <T> T convert(Map<String, Object> object, Class<T> type) {
        try {
            return MAPPER.convertValue(object, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("JSON object does not match " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
