package io.orderseos.jmh;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.validate.OrderEventValidator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SerializationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-record hot path of orders-eos, stage by stage, in ns and (with {@code -prof gc}) bytes
 * allocated per input record. Each invocation pushes the first {@value #RECORDS} records of the
 * seeded load ({@link SeededStream}) through one stage into fresh stores, so that every run sees
 * the same inputs, the stores start empty and the dedup store sees new events as new (a repeated
 * pass would find them all seen). A stage is timed over the records it really gets (dedup only
 * valid events, the aggregate only applied transitions) but reported per input record, so the
 * stages add up to {@link #hotPath}; docs/performance.md gives each stage's share of the input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(1)
public class HotPathBenchmark {
    static final int RECORDS = 20_000;

    /** {@code rocksdb}: the app's stores; {@code memory}: in-memory stores, to see what RocksDB costs. */
    @Param({"rocksdb", "memory"})
    public String store;

    private SeededStream stream;
    private AvroSerde<OrderEvent> events;
    private AvroSerde<OrderStatus> statuses;
    private AvroSerde<OrderTransition> transitions;
    private AvroSerde<CustomerStats> customerStats;
    private BenchmarkStages stages;

    @Setup(Level.Trial)
    public void stream() {
        stream = new SeededStream(RECORDS);
        events = AvroSerde.orderEvents(Integer.parseInt(OrdersConfig.APP_DEFAULTS.get(OrdersConfig.INPUT_MAX_BYTES)));
        statuses = AvroSerde.orderStatus();
        transitions = AvroSerde.orderTransitions();
        customerStats = AvroSerde.customerStats();
    }

    @Setup(Level.Iteration)
    public void freshStores() {
        stages = new BenchmarkStages(store);
    }

    @TearDown(Level.Iteration)
    public void closeStores() {
        stages.close();
    }

    /** Decoding every value: single-object header, writer schema by fingerprint, resolution to current. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decode(Blackhole blackhole) {
        for (byte[] value : stream.values) {
            try {
                blackhole.consume(events.deserialize(BenchmarkStages.TOPIC, value));
            } catch (SerializationException e) {
                blackhole.consume(e); // a dead letter's first cost: malformed records are in the mix
            }
        }
    }

    /** The business rules, on every decoded record (tombstones included). */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void validate(Blackhole blackhole) {
        for (int i = 0; i < RECORDS; i++) {
            if (stream.decoded[i] != null || stream.values[i] == null) {
                blackhole.consume(OrderEventValidator.violations(stream.keys[i], stream.decoded[i]));
            }
        }
    }

    /** Dedup lookup and insert on the valid events, stream time advancing a millisecond a record. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void dedup(Blackhole blackhole) {
        long now = 0;
        for (OrderEvent event : stream.valid) {
            blackhole.consume(stages.dedup(event, ++now));
        }
    }

    /** The state machine with its store, on the events dedup lets through. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void stateTransition(Blackhole blackhole) {
        for (OrderEvent event : stream.fresh) {
            blackhole.consume(stages.transition(event));
        }
    }

    /** The customer aggregate with its store, on the applied transitions. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void aggregate(Blackhole blackhole) {
        for (OrderTransition transition : stream.transitions) {
            blackhole.consume(stages.aggregate(transition));
        }
    }

    /**
     * Every stage for every record, as one stream thread runs them, with the serialization at the
     * three sinks (order-status, the repartition topic and customer-stats) and the repartition's
     * decoding; no Kafka client, no changelog.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void hotPath(Blackhole blackhole) {
        long now = 0;
        for (int i = 0; i < RECORDS; i++) {
            now++;
            OrderEvent event;
            try {
                event = events.deserialize(BenchmarkStages.TOPIC, stream.values[i]);
            } catch (SerializationException e) {
                blackhole.consume(e);
                continue;
            }
            List<String> violations = OrderEventValidator.violations(stream.keys[i], event);
            if (!violations.isEmpty() || !stages.dedup(event, now)) {
                blackhole.consume(violations);
                continue;
            }
            OrderTransition transition = stages.transition(event);
            if (transition == null) {
                continue;
            }
            blackhole.consume(statuses.serialize(BenchmarkStages.TOPIC, transition.getOrder()));
            OrderTransition repartitioned = transitions.deserialize(
                    BenchmarkStages.TOPIC, transitions.serialize(BenchmarkStages.TOPIC, transition));
            blackhole.consume(customerStats.serialize(BenchmarkStages.TOPIC, stages.aggregate(repartitioned)));
        }
    }
}
