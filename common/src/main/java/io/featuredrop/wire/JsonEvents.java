package io.featuredrop.wire;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * JSON codec of control events (RunStatus, Checkpoint, EvalResult, normalised RunConfig).
 * Internal events tolerate added fields (forward compatibility); user configs are parsed strictly
 * by {@link io.featuredrop.config.RunConfigValidator} instead.
 */
public final class JsonEvents {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // users may type NaN; the validator then names the field instead of failing the parse
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonEvents() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static String encodeToString(Object event) {
        return new String(encode(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException("empty " + type.getSimpleName() + " record");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new WireFormatException("a JSON null is not a " + type.getSimpleName());
            }
            return value;
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new WireFormatException("not a valid " + type.getSimpleName() + ": " + msg, e);
        }
    }

}
