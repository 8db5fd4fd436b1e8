package io.orderseos.ops.replay;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.AppConfig;
import io.orderseos.ops.Progress;
import io.orderseos.ops.topics.ClusterTopics;
import io.orderseos.topology.TopicSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays chosen dead letters to the input topic, each at most once over every run, and exactly
 * once when runs are repeated until one finishes.
 *
 * <p>How: one transactional producer, its {@code transactional.id} fixed per application ({@code
 * <application.id>-dlq-replay}), writes each replayed record <em>and</em> its {@link Ledger} entry in
 * the same transaction. Starting ({@code initTransactions}) fences any other replay of the same
 * application still running and aborts the transaction a crashed run left open; only then is the
 * ledger read ({@code read_committed}). A letter in the ledger was replayed in a committed
 * transaction; one not in it was not, so it is replayed now. A crash at any point loses at most the
 * open transaction, whose records no {@code read_committed} reader (the app) ever sees.
 */
final class DlqReplay {
    /** Called after each letter is sent, inside the open transaction: lets a test crash the run there. */
    interface Hook {
        Hook NONE = (producer, committed, inTransaction) -> {};

        void sent(Producer<byte[], byte[]> producer, long committedTransactions, int inTransaction);
    }

    /** A transaction is committed at the latest this long after it began, well within its timeout. */
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(5);

    private final Map<String, Object> client;
    private final OrdersConfig app;
    private final ReplayOptions options;
    private final PrintStream out;
    private final Hook hook;
    private final String brokers;

    private ReplayReport report;
    private Ledger ledger;
    private int inputPartitions;
    private Producer<byte[], byte[]> producer;
    private int inTransaction;
    private long transactionStart;

    DlqReplay(Map<String, Object> client, OrdersConfig app, ReplayOptions options, PrintStream out, Hook hook) {
        this.client = client;
        this.app = app;
        this.options = options;
        this.out = out;
        this.hook = hook;
        this.brokers = AppConfig.brokers(client);
    }

    /** The transactional.id every replay of this application uses, so that two fence each other. */
    static String transactionalId(OrdersConfig app) {
        return app.applicationId() + "-dlq-replay";
    }

    /**
     * Runs the replay (or, with {@code --dry-run}, only counts what it would replay).
     *
     * @throws IllegalStateException when a topic is missing, the brokers do not answer, another
     *     replay fenced this one, or a transaction failed (it is aborted: nothing of it is visible)
     */
    ReplayReport run() throws InterruptedException {
        report = new ReplayReport(options.show());
        String ledgerTopic = TopicSpec.replayLedger(app).name();
        boolean ledgerExists = prepareTopics(ledgerTopic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                Producer<byte[], byte[]> started = options.dryRun() ? null : producer()) {
            producer = started;
            try {
                replay(consumer, ledgerExists, ledgerTopic);
            } catch (KafkaException e) {
                throw failure(e);
            }
            return report;
        }
    }

    private void replay(KafkaConsumer<byte[], byte[]> consumer, boolean ledgerExists, String ledgerTopic) {
        if (producer != null) {
            producer.initTransactions(); // fences other replays, aborts what a crashed one left open
        }
        List<TopicPartition> partitions = consumer.partitionsFor(app.dlqTopic(), options.timeout()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        Scan.Range range = Scan.range(consumer, partitions, options.timeout());
        Map<Integer, Long> start = byPartition(range.start());
        Map<Integer, Long> end = byPartition(range.end());
        ledger = ledgerExists
                ? Ledger.read(consumer, ledgerTopic, app.dlqTopic(), start, end, options.timeout())
                : Ledger.empty(ledgerTopic, app.dlqTopic(), start, end);
        if (range.size() == 0) {
            out.println(app.dlqTopic() + " holds no dead letters");
            return;
        }
        Progress progress = new Progress(out, "Reading " + app.dlqTopic(), range.size());
        Scan.read(consumer, range, options.timeout(), this::visit, passed -> {
            progress.update(passed);
            if (inTransaction > 0 && System.nanoTime() - transactionStart > COMMIT_EVERY.toNanos()) {
                commit();
            }
        });
        if (report.isLimitReached()) {
            out.println(); // the progress line stopped short of its end
        }
        if (inTransaction > 0) {
            commit();
        }
    }

    /** Whether another producer with the same transactional.id took over (the cause may be wrapped). */
    private static boolean fenced(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** The failure as a message: the open transaction is aborted first where it still can be. */
    private IllegalStateException failure(KafkaException e) {
        if (fenced(e)) {
            return new IllegalStateException(
                    "another dlq-replay of " + app.applicationId() + " (transactional.id " + transactionalId(app)
                            + ") started and fenced this one: its open transaction is void, what it committed is in"
                            + " the ledger",
                    e);
        }
        abort();
        if (e instanceof TimeoutException) {
            return new IllegalStateException(
                    "no answer from the brokers at " + brokers + " within "
                            + options.timeout().toSeconds() + " s: " + e.getMessage(),
                    e);
        }
        return new IllegalStateException(
                "replay failed: " + e.getMessage() + "; its open transaction is aborted, what was committed"
                        + " before is in the ledger: run again to go on",
                e);
    }

    /** Checks that the input and dead-letter topics exist; creates the ledger unless dry. Returns whether it exists. */
    private boolean prepareTopics(String ledgerTopic) throws InterruptedException {
        try (ClusterTopics cluster = new ClusterTopics(client, options.timeout())) {
            Map<String, Integer> found = cluster.partitions(List.of(app.dlqTopic(), app.inputTopic(), ledgerTopic));
            for (String topic : List.of(app.dlqTopic(), app.inputTopic())) {
                if (!found.containsKey(topic)) {
                    throw new IllegalStateException("no topic " + topic + " at " + brokers
                            + ": is the configuration the app's (--config, KAFKA_*/ORDERS_* variables)?");
                }
            }
            inputPartitions = found.get(app.inputTopic());
            if (found.containsKey(ledgerTopic)) {
                return true;
            }
            if (options.dryRun()) {
                return false;
            }
            // orders-eos-ops topics creates the ledger as specified; a cluster smaller than the
            // specified replication factor (a local one) gets as many replicas as it has brokers.
            int replicas = Math.min(app.topicsReplicationFactor(), cluster.brokerCount());
            TopicSpec spec = TopicSpec.replayLedger(
                    app.with(Map.of(OrdersConfig.TOPICS_REPLICATION_FACTOR, Integer.toString(Math.max(replicas, 1)))));
            cluster.create(List.of(spec));
            out.printf(
                    "Created the replay ledger %s (compacted, 1 partition, replication factor %d)%n",
                    ledgerTopic, spec.replicationFactor());
            return true;
        }
    }

    private boolean visit(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record) {
        Letter letter = Letter.of(record);
        report.scanned();
        if (!options.selection().matches(letter)) {
            report.notSelected();
            return true;
        }
        if (ledger.contains(letter)) {
            report.alreadyReplayed();
            return true;
        }
        ReplayReport.Skip skip = skip(letter);
        if (skip != null) {
            report.skipped(letter, skip);
            return true;
        }
        if (producer != null) {
            send(letter);
        }
        report.replayed(letter);
        if (options.limit() > 0 && report.replayedCount() >= options.limit()) {
            report.limitReached();
            return false;
        }
        return true;
    }

    private ReplayReport.Skip skip(Letter letter) {
        if (letter.truncated()) {
            return ReplayReport.Skip.TRUNCATED;
        }
        if (letter.failedAgain() && !options.again()) {
            return ReplayReport.Skip.FAILED_AGAIN;
        }
        if (!letter.hasSource()) {
            return ReplayReport.Skip.NO_PROVENANCE;
        }
        if (!letter.sourceTopic().equals(app.inputTopic())) {
            return ReplayReport.Skip.OTHER_TOPIC;
        }
        if (letter.sourcePartition() >= inputPartitions) {
            return ReplayReport.Skip.NO_SUCH_PARTITION;
        }
        return null;
    }

    private void send(Letter letter) {
        if (inTransaction == 0) {
            producer.beginTransaction();
            transactionStart = System.nanoTime();
        }
        producer.send(letter.replay(app.inputTopic()));
        producer.send(ledger.entry(letter, Instant.now()));
        inTransaction++;
        hook.sent(producer, report.transactions(), inTransaction);
        if (inTransaction >= options.batch()) {
            commit();
        }
    }

    private void commit() {
        producer.commitTransaction();
        inTransaction = 0;
        report.committed();
    }

    private void abort() {
        if (producer != null && inTransaction > 0) {
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException e) {
                // The transaction times out on the broker and is aborted there; nothing of it is visible.
            }
            inTransaction = 0;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                options.timeout().toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.min(options.timeout().toMillis(), 30_000));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(app));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeout().toMillis());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((tp, offset) -> result.put(tp.partition(), offset));
        return result;
    }
}
