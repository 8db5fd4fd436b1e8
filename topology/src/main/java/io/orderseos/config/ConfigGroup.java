package io.orderseos.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Defines the keys of one group of a {@link ConfigDef}, numbered in the order they are defined, as
 * Kafka's own definitions group theirs; the configuration reference has a table for each group.
 * The documentation is Markdown, as the reference shows it.
 */
final class ConfigGroup {
    private final ConfigDef definition;
    private final String name;
    private int order;

    ConfigGroup(ConfigDef definition, String name) {
        this.definition = definition;
        this.name = name;
    }

    ConfigGroup define(
            String key,
            Type type,
            Object defaultValue,
            Validator validator,
            Importance importance,
            String documentation) {
        definition.define(
                key, type, defaultValue, validator, importance, documentation, name, ++order, Width.NONE, key);
        return this;
    }
}
