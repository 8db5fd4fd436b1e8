package io.orderseos.query;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvent;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.topology.OrderTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Interactive queries (IQv2) against this instance's order and customer stores, deciding for each
 * key whether it is answered here, by another instance, or not at the moment.
 *
 * <p>Reads are at the configured isolation level ({@code default.interactive.query.isolation.level},
 * {@code READ_COMMITTED} by default, with transactional state stores): an answer shows what the
 * outputs' {@code read_committed} consumers can see, never a write that a crash could still take
 * back, so answers never go backwards across a crash and restart. One key at {@code READ_COMMITTED}
 * is read with a range query over that key, which goes past the record cache: Kafka Streams 4.4
 * answers a key query from the cache, which holds the open transaction's writes, whatever the
 * isolation level.
 *
 * <p>Read-your-writes ({@link #order(String, long)}): a producer knows the offset its event got in
 * the input topic; the answer waits, a bounded time, until the committed state includes it.
 */
public final class StateQueries {
    /** The consumer group's committed offset of an input partition, as the brokers have it. */
    @FunctionalInterface
    public interface CommittedInput {
        /** The next offset the group will process in {@code partition}; empty if none is committed or known. */
        OptionalLong offset(int partition);
    }

    private static final Duration POLL = Duration.ofMillis(20);
    /** How often a waiting query asks the brokers for the group's committed offset. */
    private static final Duration ASK_BROKERS_EVERY = Duration.ofMillis(200);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final boolean allowStale;
    private final IsolationLevel isolation;
    private final String inputTopic;
    private final Duration waitMax;
    private final CommittedInput committed;
    private final boolean reorder;

    /** Queries as {@code config} says: isolation level, stale reads, how long a read-your-writes query waits. */
    public StateQueries(KafkaStreams streams, HostInfo self, OrdersConfig config, CommittedInput committed) {
        this.streams = streams;
        this.self = self;
        this.allowStale = config.queryAllowStale();
        this.isolation = config.queryIsolation();
        this.inputTopic = config.inputTopic();
        this.waitMax = config.queryWaitMax();
        this.committed = committed;
        this.reorder = config.reorder().enabled();
    }

    public Lookup<OrderView> order(String orderId) {
        return withHeld(lookup(OrderStateProcessor.STORE, orderId, -1), orderId);
    }

    /**
     * The order as the state that includes the input record at {@code minOffset} of the order's
     * partition shows it: answered once this instance's committed state has processed that offset,
     * after at most {@code orders.query.wait.max}, else Unavailable. Processed means either that an
     * event at {@code minOffset} or later has changed an order of the partition (the store's position,
     * IQv2), or that the group has committed past it and no write of the partition is waiting for the
     * store's commit (an event that changed nothing: a copy, a dead letter). Never from a standby.
     */
    public Lookup<OrderView> order(String orderId, long minOffset) {
        if (minOffset < 0) {
            throw new IllegalArgumentException("minOffset must not be negative, was " + minOffset);
        }
        return withHeld(lookup(OrderStateProcessor.STORE, orderId, minOffset), orderId);
    }

    /**
     * The order's status with the events held for it, read from the same (active) task's buffer at
     * the same isolation level. An order that does not exist yet but has held events is found, with
     * a null status. A standby's answer says nothing of held events.
     */
    private Lookup<OrderView> withHeld(Lookup<OrderStatus> status, String orderId) {
        if (status instanceof Lookup.Unavailable<OrderStatus> unavailable) {
            return new Lookup.Unavailable<>(unavailable.reason());
        }
        if (status instanceof Lookup.Elsewhere<OrderStatus> elsewhere) {
            return new Lookup.Elsewhere<>(
                    elsewhere.host(), () -> withHeld(elsewhere.standby().get(), orderId));
        }
        OrderStatus value = status instanceof Lookup.Found<OrderStatus> found ? found.value() : null;
        if (status instanceof Lookup.Found<OrderStatus> found && found.stale()) {
            return new Lookup.Found<>(new OrderView(value, null), true);
        }
        List<HeldEvent> held = List.of();
        if (reorder) {
            Lookup<HeldEvents> buffer = lookup(OrderStateProcessor.BUFFER_STORE, orderId, -1);
            if (buffer instanceof Lookup.Found<HeldEvents> found) {
                held = found.value().getEvents();
            } else if (!(buffer instanceof Lookup.NotFound<HeldEvents>)) {
                return new Lookup.Unavailable<>("the reorder buffer of order " + orderId + " cannot be read now");
            }
        }
        return value == null && held.isEmpty()
                ? new Lookup.NotFound<>()
                : new Lookup.Found<>(new OrderView(value, held), false);
    }

    public Lookup<CustomerStats> customer(String customerId) {
        return lookup(CustomerStatsProcessor.STORE, customerId, -1);
    }

    /**
     * The customers with {@code from <= customerId <= to} (either bound may be null) in the partitions
     * active on this instance, the first {@code limit} by customerId.
     */
    public Lookup<CustomerPage> localCustomers(String from, String to, int limit) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Lookup.Unavailable<>("instance is " + state);
        }
        Set<Integer> active = activeCustomerPartitions();
        if (active.isEmpty()) {
            return new Lookup.Found<>(new CustomerPage(List.of(), Set.of()), false);
        }
        StateQueryRequest<KeyValueIterator<String, CustomerStats>> request = StateQueryRequest.inStore(
                        CustomerStatsProcessor.STORE)
                .withQuery(RangeQuery.<String, CustomerStats>withRange(from, to).withAscendingKeys())
                .withPartitions(active)
                .withIsolationLevel(isolation)
                .requireActive();
        StateQueryResult<KeyValueIterator<String, CustomerStats>> result;
        try {
            result = streams.query(request);
        } catch (StreamsException e) {
            return new Lookup.Unavailable<>(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        TreeMap<String, CustomerStats> merged = new TreeMap<>();
        Set<Integer> partitions = new TreeSet<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, CustomerStats>>> entry :
                result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<String, CustomerStats>> partition = entry.getValue();
            if (partition.isFailure()) {
                return new Lookup.Unavailable<>("partition " + entry.getKey() + ": " + partition.getFailureMessage());
            }
            try (KeyValueIterator<String, CustomerStats> rows = partition.getResult()) {
                for (int taken = 0; taken < limit && rows.hasNext(); taken++) {
                    KeyValue<String, CustomerStats> row = rows.next();
                    merged.put(row.key, row.value);
                }
            }
            partitions.add(entry.getKey());
        }
        List<CustomerStats> page = merged.values().stream().limit(limit).toList();
        return new Lookup.Found<>(new CustomerPage(page, partitions), false);
    }

    /** The customer store's partitions active here (a standby here is not an answer for a range). */
    private Set<Integer> activeCustomerPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream()
                        .filter(tp -> isCustomerStoreSource(tp.topic()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private static boolean isCustomerStoreSource(String topic) {
        return topic.endsWith("-" + OrderTopology.BY_CUSTOMER + "-repartition");
    }

    /** How many partitions the customer store has: those of its source, the repartition topic. */
    public int customerPartitions() {
        Set<String> partitions = new TreeSet<>();
        for (StreamsMetadata metadata : streams.streamsMetadataForStore(CustomerStatsProcessor.STORE)) {
            metadata.topicPartitions().stream()
                    .filter(tp -> isCustomerStoreSource(tp.topic()))
                    .forEach(tp -> partitions.add(tp.toString()));
        }
        return partitions.size();
    }

    public HostInfo self() {
        return self;
    }

    private <V> Lookup<V> lookup(String store, String key, long minOffset) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return new Lookup.Unavailable<>("instance is " + state);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            return new Lookup.Unavailable<>("metadata unavailable: " + e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Lookup.Unavailable<>("the group is rebalancing");
        }
        if (self.equals(metadata.activeHost())) {
            return minOffset < 0
                    ? query(store, key, metadata.partition(), true)
                    : queryIncluding(store, key, metadata.partition(), minOffset);
        }
        int partition = metadata.partition();
        boolean standbyHere =
                minOffset < 0 && allowStale && metadata.standbyHosts().contains(self);
        return new Lookup.Elsewhere<>(
                metadata.activeHost(),
                () -> standbyHere
                        ? query(store, key, partition, false)
                        : new Lookup.Unavailable<>("the owner cannot answer and no standby may answer here"));
    }

    private <V> Lookup<V> query(String store, String key, int partition, boolean active) {
        Answer<V> answer = ask(store, key, partition, active, isolation, PositionBound.unbounded());
        return answer.lookup() != null
                ? answer.lookup()
                : new Lookup.Unavailable<>("partition " + partition + " is not up to the bound");
    }

    /** The key's value once the committed state here includes input offset {@code minOffset}. */
    private <V> Lookup<V> queryIncluding(String store, String key, int partition, long minOffset) {
        PositionBound bound =
                PositionBound.at(Position.emptyPosition().withComponent(inputTopic, partition, minOffset));
        long deadline = System.nanoTime() + waitMax.toNanos();
        long askBrokersAfter = System.nanoTime();
        while (true) {
            Answer<V> answer = ask(store, key, partition, true, IsolationLevel.READ_COMMITTED, bound);
            if (answer.lookup() != null) {
                return answer.lookup();
            }
            if (System.nanoTime() - askBrokersAfter >= 0) {
                askBrokersAfter = System.nanoTime() + ASK_BROKERS_EVERY.toNanos();
                if (processedWithoutPendingWrites(store, key, partition, minOffset)) {
                    return query(store, key, partition, true);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return new Lookup.Unavailable<>("the state here has not processed offset " + minOffset + " of "
                        + inputTopic + "-" + partition + " within " + waitMax);
            }
            try {
                Thread.sleep(POLL.toMillis()); // the store's commit has no listener to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Lookup.Unavailable<>("interrupted");
            }
        }
    }

    /**
     * Whether the group has committed past {@code minOffset} and the store has no write of the
     * partition that waits for its own commit (its committed and uncommitted positions agree): then
     * the event at {@code minOffset} changed nothing here, and the committed state holds every change
     * before it.
     */
    private boolean processedWithoutPendingWrites(String store, String key, int partition, long minOffset) {
        OptionalLong next = committed.offset(partition);
        if (next.isEmpty() || next.getAsLong() <= minOffset) {
            return false;
        }
        Answer<Object> committedState =
                ask(store, key, partition, true, IsolationLevel.READ_COMMITTED, PositionBound.unbounded());
        Answer<Object> uncommittedState =
                ask(store, key, partition, true, IsolationLevel.READ_UNCOMMITTED, PositionBound.unbounded());
        return committedState.position() >= 0 || uncommittedState.position() >= 0
                ? committedState.position() == uncommittedState.position()
                : committedState.lookup() != null && uncommittedState.lookup() != null;
    }

    /**
     * One key query: its lookup, or null when the store is not up to {@code bound} yet; and the store's
     * position in the input partition (-1 if unknown).
     */
    private record Answer<V>(Lookup<V> lookup, long position) {}

    private <V> Answer<V> ask(
            String store, String key, int partition, boolean active, IsolationLevel level, PositionBound bound) {
        // Kafka Streams 4.4 answers a KeyQuery of a cached store from the record cache, which holds the
        // open transaction's writes, whatever the isolation level (MeteredKeyValueStore drops the
        // query's skipCache). A range query over the one key goes past the cache to the store, which
        // honours the isolation level and checks the bound against its committed position.
        if (level == IsolationLevel.READ_COMMITTED) {
            Answer<KeyValueIterator<String, V>> rows =
                    run(store, RangeQuery.<String, V>withRange(key, key), partition, active, level, bound);
            if (!(rows.lookup() instanceof Lookup.Found<KeyValueIterator<String, V>> found)) {
                return new Answer<>(rows.lookup() == null ? null : retyped(rows.lookup()), rows.position());
            }
            try (KeyValueIterator<String, V> iterator = found.value()) {
                V value = iterator.hasNext() ? iterator.next().value : null;
                return new Answer<>(
                        value == null ? new Lookup.NotFound<>() : new Lookup.Found<>(value, found.stale()),
                        rows.position());
            }
        }
        Answer<V> answer = run(store, KeyQuery.<String, V>withKey(key), partition, active, level, bound);
        if (answer.lookup() instanceof Lookup.Found<V> found && found.value() == null) {
            return new Answer<>(new Lookup.NotFound<>(), answer.position());
        }
        return answer;
    }

    /** An Unavailable (or NotFound) of one result type as another's: it carries no value. */
    private static <A, B> Lookup<B> retyped(Lookup<A> lookup) {
        if (lookup instanceof Lookup.Unavailable<A> unavailable) {
            return new Lookup.Unavailable<>(unavailable.reason());
        }
        return new Lookup.NotFound<>();
    }

    /** One query of one partition: Found with its result, Unavailable, or null when not up to the bound. */
    private <R> Answer<R> run(
            String store, Query<R> query, int partition, boolean active, IsolationLevel level, PositionBound bound) {
        StateQueryRequest<R> request = StateQueryRequest.inStore(store)
                .withQuery(query)
                .withPartitions(Set.of(partition))
                .withIsolationLevel(level)
                .withPositionBound(bound);
        if (active && bound.isUnbounded()) {
            // Kafka Streams ignores the bound of a query that requires the active task. The key's
            // partition is active here; should it have moved to a standby here meanwhile, the bound
            // still holds the answer to state that includes the offset.
            request = request.requireActive();
        }
        StateQueryResult<R> result;
        try {
            result = streams.query(request);
        } catch (StreamsException e) { // includes InvalidStateStoreException: the store is migrating
            return new Answer<>(new Lookup.Unavailable<>(e.getClass().getSimpleName() + ": " + e.getMessage()), -1);
        }
        QueryResult<R> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null) {
            return new Answer<>(new Lookup.Unavailable<>("partition " + partition + " not hosted here"), -1);
        }
        long position = position(partitionResult.getPosition(), partition);
        if (partitionResult.isFailure()) {
            if (partitionResult.getFailureReason() == FailureReason.NOT_UP_TO_BOUND) {
                return new Answer<>(null, position);
            }
            return new Answer<>(
                    new Lookup.Unavailable<>(
                            partitionResult.getFailureReason() + ": " + partitionResult.getFailureMessage()),
                    position);
        }
        return new Answer<>(new Lookup.Found<>(partitionResult.getResult(), !active), position);
    }

    private long position(Position position, int partition) {
        if (position == null) {
            return -1;
        }
        Long offset = position.getPartitionPositions(inputTopic).get(partition);
        return offset == null ? -1 : offset;
    }
}
