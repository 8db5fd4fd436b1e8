package io.orderseos.app;

import io.orderseos.serde.RegistryAvroSerde;
import io.orderseos.serde.RegistryUnavailableException;
import io.orderseos.topology.Topic;
import io.orderseos.topology.Topics;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry mode, at start: the schemas of both outputs are looked up in the registry (registered,
 * with auto-registration on) before anything is processed, so that a registry that cannot be
 * reached or refuses a schema stops the start with a message saying so, and writing an output
 * never waits for the registry afterwards. The input needs no check: its schemas are named by id in
 * each record, and fetched (once per id) as records arrive.
 */
final class RegistryCheck {
    /** How long the start waits for the registry. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(RegistryCheck.class);

    private RegistryCheck() {}

    /** @throws IllegalStateException naming the registry, the topic and what went wrong */
    static void ensure(Topics topics) {
        resolve(topics.orderStatus());
        resolve(topics.customerStats());
    }

    private static void resolve(Topic<String, ?> topic) {
        RegistryAvroSerde<?> serde = (RegistryAvroSerde<?>) topic.valueSerde();
        try {
            int id = serde.resolve(topic.name(), TIMEOUT);
            log.info(
                    "Values of {} are written with schema id {} of the registry at {}",
                    topic.name(),
                    id,
                    serde.registryUrl());
        } catch (RegistryUnavailableException | SerializationException e) {
            throw new IllegalStateException(
                    "cannot use the schema registry for the values of " + topic.name() + ": " + e.getMessage(), e);
        }
    }
}
