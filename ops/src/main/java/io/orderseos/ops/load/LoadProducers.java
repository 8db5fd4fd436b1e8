package io.orderseos.ops.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The two producers of a run. Visible records go through an idempotent producer: the broker drops
 * its retries' duplicates and keeps each partition in send order, so the records of an order arrive
 * in life-cycle order even across a broker restart, which its long delivery timeout rides out.
 * {@link RecordKind#ABORTED} records go through a transactional producer that sends them in a
 * transaction and aborts it, as a failing upstream producer would.
 *
 * <p>A failed send is remembered and thrown by the next call: the run stops there, and no record is
 * ever skipped silently.
 */
final class LoadProducers implements AutoCloseable {
    /** Longer than a broker restart (up to a minute) with room to spare. */
    static final int DELIVERY_TIMEOUT_MS = 300_000;

    private static final int ABORTED_PER_TRANSACTION = 100;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** A record and its position in the run, for error messages. */
    private record Numbered(long number, LoadRecord record) {}

    private final LoadOptions options;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Numbered> toAbort = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private KafkaProducer<byte[], byte[]> transactional; // created for the first aborted record

    LoadProducers(LoadOptions options) {
        this.options = options;
        this.producer = new KafkaProducer<>(config(options), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The idempotent producer's settings: every record acknowledged by all replicas, none doubled. */
    private static Map<String, Object> config(LoadOptions options) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                DELIVERY_TIMEOUT_MS,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                DELIVERY_TIMEOUT_MS,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId(options));
    }

    /** Sends {@code record}, the run's record number {@code number}; aborted ones go out in batches. */
    void send(long number, LoadRecord record) {
        throwIfFailed();
        if (record.kind() == RecordKind.ABORTED) {
            toAbort.add(new Numbered(number, record));
            if (toAbort.size() >= ABORTED_PER_TRANSACTION) {
                abortPending();
            }
            return;
        }
        producer.send(toKafka(record), onFailure(number, record));
    }

    /** Sends the pending aborted records and waits until everything sent so far is acknowledged. */
    void flush() {
        abortPending();
        producer.flush();
        throwIfFailed();
    }

    private void abortPending() {
        if (toAbort.isEmpty()) {
            return;
        }
        try {
            if (transactional == null) {
                transactional = transactionalProducer();
            }
            transactional.beginTransaction();
            for (Numbered pending : toAbort) {
                transactional.send(toKafka(pending.record()), onFailure(pending.number(), pending.record()));
            }
            transactional.flush();
            transactional.abortTransaction();
        } catch (KafkaException e) {
            throw new IllegalStateException(
                    "cannot write an aborted transaction of " + toAbort.size() + " records (from record #"
                            + toAbort.get(0).number() + ") to " + options.topic() + ": " + e.getMessage(),
                    e);
        }
        toAbort.clear();
        throwIfFailed();
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> config = new HashMap<>(config(options));
        // Derived from what the records derive from: a rerun of the same stream fences a stale one.
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId(options) + "-aborted");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(options) + "-aborted");
        KafkaProducer<byte[], byte[]> created =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        created.initTransactions();
        return created;
    }

    private ProducerRecord<byte[], byte[]> toKafka(LoadRecord record) {
        // No timestamp: the producer's wall clock, so that retention keeps the records.
        return new ProducerRecord<>(options.topic(), record.key(), record.value());
    }

    private Callback onFailure(long number, LoadRecord record) {
        return (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(
                        null,
                        new IllegalStateException(
                                String.format(
                                        "record #%d (%s, key %s) could not be sent to %s: %s",
                                        number,
                                        record.kind().label(),
                                        record.keyText(),
                                        options.topic(),
                                        exception.getMessage()),
                                exception));
            }
        };
    }

    private void throwIfFailed() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    private static String clientId(LoadOptions options) {
        return "orders-eos-produce-" + options.topic() + "-" + options.orderPrefix() + "-" + options.seed();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
        if (transactional != null) {
            transactional.close(CLOSE_TIMEOUT);
        }
    }
}
