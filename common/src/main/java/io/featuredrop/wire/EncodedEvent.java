package io.featuredrop.wire;

import java.util.Map;

/** A Kafka record value with the headers that describe it. */
public record EncodedEvent(byte[] value, Map<String, String> headers) {
}
