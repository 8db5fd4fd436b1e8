package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's ceiling: the least a transactional consume-transform-produce loop does, with the
 * settings Kafka Streams uses under {@code exactly_once_v2}, and nothing else. One thread (as one
 * stream thread), a {@code read_committed} consumer in a group ({@code max.poll.records=1000},
 * polls of 100 ms), a transactional producer ({@code linger.ms=100}, transaction timeout 10 s);
 * every record is copied as it is (key, value, timestamp, headers) to the same partition of the
 * output, and every commit interval (Streams' EOS default, 100 ms) the consumed positions are sent
 * to the transaction with the consumer's group metadata and the transaction is committed: the
 * commit protocol of exactly-once v2, without decoding, state or a second sub-topology.
 *
 * <p>Kafka's own {@code org.apache.kafka.tools.TransactionalMessageCopier} (in {@code kafka-tools})
 * is the same loop written for system tests: it decodes keys and values as strings (our malformed
 * records are not UTF-8, so it would not copy them byte for byte), forces 512-byte batches, commits
 * after every poll of at most 200 records rather than on a time interval, and prints a JSON line
 * per loop. Measured with it, the ceiling would be its test settings, not the protocol's.
 *
 * <p>Run as {@code RawCopy <bootstrap servers> <input topic> <output topic> <group id>
 * <commit interval ms>} until SIGTERM, which commits the open transaction and exits 0.
 */
public final class RawCopy {
    private static final Duration POLL = Duration.ofMillis(100);

    private RawCopy() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println(
                    "usage: RawCopy <bootstrap servers> <input topic> <output topic> <group id> <commit interval ms>");
            System.exit(2);
        }
        String bootstrap = args[0];
        String input = args[1];
        String output = args[2];
        String group = args[3];
        long commitIntervalMs = Long.parseLong(args[4]);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        consumerConfig(bootstrap, group), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        producerConfig(bootstrap, group), new ByteArraySerializer(), new ByteArraySerializer())) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                consumer.wakeup();
                                try {
                                    main.join(Duration.ofSeconds(20).toMillis());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "raw-copy-stop"));
            new Loop(consumer, producer, input, output, commitIntervalMs).run();
        }
        System.out.println("raw copy stopped");
    }

    private static Map<String, Object> consumerConfig(String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-consumer");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return config;
    }

    private static Map<String, Object> producerConfig(String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-copier");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, group + "-producer");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        return config;
    }

    /** The loop; a rebalance commits the open transaction before the partitions go. */
    private static final class Loop implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final String input;
        private final String output;
        private final long commitIntervalNanos;
        private boolean inTransaction;
        private long lastCommit = System.nanoTime();

        Loop(
                KafkaConsumer<byte[], byte[]> consumer,
                KafkaProducer<byte[], byte[]> producer,
                String input,
                String output,
                long commitIntervalMs) {
            this.consumer = consumer;
            this.producer = producer;
            this.input = input;
            this.output = output;
            this.commitIntervalNanos = Duration.ofMillis(commitIntervalMs).toNanos();
        }

        void run() {
            producer.initTransactions();
            consumer.subscribe(List.of(input), this);
            try {
                while (true) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty() && !inTransaction) {
                        producer.beginTransaction();
                        inTransaction = true;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        producer.send(new ProducerRecord<>(
                                output,
                                record.partition(),
                                record.timestamp(),
                                record.key(),
                                record.value(),
                                record.headers()));
                    }
                    if (System.nanoTime() - lastCommit >= commitIntervalNanos) {
                        commit();
                    }
                }
            } catch (WakeupException stop) {
                commit();
            }
        }

        private void commit() {
            if (inTransaction) {
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (TopicPartition partition : consumer.assignment()) {
                    positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                }
                producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
                producer.commitTransaction();
                inTransaction = false;
            }
            lastCommit = System.nanoTime();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            System.out.println("raw copy assigned " + partitions);
        }
    }
}
