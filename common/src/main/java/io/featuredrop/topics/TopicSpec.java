package io.featuredrop.topics;

import java.util.Map;

/** A topic with the settings it must be created with. */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {
}
