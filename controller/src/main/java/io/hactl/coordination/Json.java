package io.hactl.coordination;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of the coordination tree: ISO times, and unknown fields ignored so that a controller
 * one version older reads what a newer one wrote during a rolling upgrade.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a node; {@code path} names it in the error, which says the node is damaged. */
    static <T> T read(byte[] data, Class<T> type, String path) {
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new IllegalStateException("ZooKeeper node " + path + " does not hold a " + type.getSimpleName()
                    + " (" + e.getMessage() + "): it was written by something other than hactl; "
                    + "look at it with zkCli.sh get " + path, e);
        }
    }
}
