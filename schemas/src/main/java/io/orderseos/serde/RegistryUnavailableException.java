package io.orderseos.serde;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not be asked: unreachable, answering with a server error, or not
 * answering in time. A <em>fault</em>, not bad data: deliberately not a {@code
 * SerializationException}, so the record is never dead-lettered but processed again once the
 * registry is back.
 */
public final class RegistryUnavailableException extends KafkaException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
