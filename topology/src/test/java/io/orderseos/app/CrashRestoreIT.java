package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.JarInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a {@code kill -9} costs at restart, against the restore of a wiped state directory in the
 * same run: the deployable jar, a real broker, 20,000 orders of state, a kill inside an open
 * transaction and a restart on the same state directory. With transactional
 * state stores (the default) the restart restores only what the changelogs got after the stores'
 * last memtable flush, which a 64 KiB memtable makes frequent (Kafka Streams' default, 16 MiB, keeps
 * a small test's whole state in memory). A store writes to RocksDB once per commit, in one batch,
 * and RocksDB flushes a full memtable at the next write: what a restart restores is at most the
 * memtable and the last commit's writes, per store and partition. Without them Kafka Streams wipes the crashed instance's
 * state under exactly-once and restores it all, which the second case shows, so that the
 * measurement can tell the two apart.
 */
class CrashRestoreIT {
    private static final String APP = "orders-eos-crash-restore";
    private static final int ORDERS = 20_000;
    private static final int TRICKLE_COMMITS = 3;
    private static final String RESTORED = "kafka_stream_task_restore_total";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the instances' logs
    Path dir;

    @ParameterizedTest(name = "transactional state stores: {0}")
    @ValueSource(booleans = {true, false})
    void aCrashRestoresWhatWasNotCommittedOnly(boolean transactional) throws Exception {
        Map<String, String> env = Map.of(
                "KAFKA_COMMIT_INTERVAL_MS",
                "1000",
                "ORDERS_ROCKSDB_MEMTABLE_BYTES",
                Integer.toString(64 << 10),
                "KAFKA_ENABLE_TRANSACTIONAL_STATESTORES",
                Boolean.toString(transactional),
                "KAFKA_DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL",
                transactional ? "READ_COMMITTED" : "READ_UNCOMMITTED");
        Path state = dir.resolve("state");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
            long afterCrash;
            long restoreTotal;
            long wipedRestoreTotal;
            try (JarInstance app = JarInstance.start(kafka, APP, state, dir.resolve("1.log"), env)) {
                // As a live stream arrives: many commits, each a batch of writes to the stores.
                for (int chunk = 0; chunk < ORDERS; chunk += ORDERS / 20) {
                    send(producer, chunk, ORDERS / 20);
                    Thread.sleep(250);
                }
                kafka.awaitConsumed(APP, "orders", Duration.ofMinutes(2));
                // The stream goes on, slower. RocksDB flushes a full memtable when the next write
                // comes, and a transactional store writes to RocksDB at a commit: the first commit
                // after the burst flushes what the burst left in memory (a quiet hour after a burst
                // would restore the burst's tail).
                for (int i = 0; i < TRICKLE_COMMITS; i++) {
                    send(producer, ORDERS + i * 50, 50);
                    kafka.awaitConsumed(APP, "orders", Duration.ofMinutes(1)); // committed: written to RocksDB
                }
                send(producer, ORDERS + TRICKLE_COMMITS * 50, 200);
                Thread.sleep(300); // processed, inside the open transaction
                app.kill();
            }
            try (JarInstance restarted = JarInstance.start(kafka, APP, state, dir.resolve("2.log"), env)) {
                afterCrash = restarted.restoredRecords();
                restoreTotal = restarted.metric(RESTORED);
                kafka.awaitConsumed(APP, "orders", Duration.ofMinutes(1));
                restarted.process().process().destroy();
                restarted.process().waitFor(Duration.ofSeconds(40));
            }
            long wiped;
            try (JarInstance fresh = JarInstance.start(kafka, APP, dir.resolve("wiped"), dir.resolve("3.log"), env)) {
                wiped = fresh.restoredRecords();
                wipedRestoreTotal = fresh.metric(RESTORED);
            }

            System.out.printf(
                    "transactional %s: restored after kill -9 %,d (restore-total %,d), wiped %,d (restore-total %,d)%n",
                    transactional, afterCrash, restoreTotal, wiped, wipedRestoreTotal);
            assertThat(wiped).as("records a wiped state directory restores").isGreaterThanOrEqualTo(2L * ORDERS);
            if (transactional) {
                assertThat(afterCrash)
                        .as("restored after kill -9, against %,d for a wiped state directory", wiped)
                        .isLessThan(wiped / 4);
            } else {
                assertThat(afterCrash)
                        .as("restored after kill -9 without transactional stores, against %,d wiped", wiped)
                        .isGreaterThan(wiped * 9 / 10);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int from, int count) {
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(1 << 20);
        for (int i = from; i < from + count; i++) {
            OrderEvent placed = Events.placed("o-" + i, "c-" + (i % 2_000))
                    .item("sku-1", 1, "1.00")
                    .build();
            producer.send(
                    new ProducerRecord<>("orders", ("o-" + i).getBytes(UTF_8), serde.serialize("orders", placed)));
        }
        producer.flush();
    }
}
