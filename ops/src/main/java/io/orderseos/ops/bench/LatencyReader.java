package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics as their users do ({@code read_committed}) on a thread of its own and notes,
 * for every record, how long after its timestamp it arrived. Output records carry their input
 * record's timestamp (Kafka Streams forwards it, through the repartition topic too), and the input
 * topic stamps records with the broker's append time, so the difference is input append to output
 * visible; broker and reader share this machine's clock.
 */
final class LatencyReader implements AutoCloseable {
    static final Duration WINDOW = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Map<String, Percentiles> latencies = new HashMap<>();
    /** All latencies (warm-up included) per {@link #WINDOW} of input append time from the start. */
    private final Map<String, SortedMap<Long, Percentiles>> byWindow = new HashMap<>();

    private final Thread thread;
    private volatile long startMillis = Long.MAX_VALUE;
    private volatile long countFromMillis = Long.MAX_VALUE;
    private volatile Map<TopicPartition, Long> readUntil;
    private volatile boolean stop;
    private volatile Exception failure;

    LatencyReader(Map<String, Object> clientConfig, List<String> topics) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The broker answers a fetch as soon as a commit marker makes records readable; this only
        // bounds the wait should it not.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        topics.forEach(topic -> {
            latencies.put(topic, new Percentiles());
            byWindow.put(topic, new TreeMap<>());
        });
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic ->
                        consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = Background.start("bench-latency-reader", this::read);
    }

    /**
     * Notes records with a timestamp from {@code startMillis} on, in windows; the summaries count
     * only those from {@code countFromMillis} on (the warm-up ends there).
     */
    void start(long startMillis, long countFromMillis) {
        this.startMillis = startMillis;
        this.countFromMillis = countFromMillis;
    }

    private void read() {
        try {
            while (!stop && !reachedEnd()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    long start = startMillis;
                    if (record.timestamp() >= start) {
                        Percentiles percentiles = latencies.get(record.topic());
                        synchronized (percentiles) {
                            if (record.timestamp() >= countFromMillis) {
                                percentiles.add(now - record.timestamp());
                            }
                            byWindow.get(record.topic())
                                    .computeIfAbsent(
                                            (record.timestamp() - start) / WINDOW.toMillis(),
                                            window -> new Percentiles())
                                    .add(now - record.timestamp());
                        }
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private boolean reachedEnd() {
        Map<TopicPartition, Long> until = readUntil;
        return until != null && until.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /**
     * Waits until the reader has read every partition up to {@code ends} (the outputs' last stable
     * offsets once the app is done), then returns each topic's latencies.
     */
    Map<String, Percentiles.Summary> readTo(Map<TopicPartition, Long> ends, Duration timeout)
            throws InterruptedException {
        readUntil = Map.copyOf(ends);
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("the latency reader did not reach the end of " + topics + " in " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException("reading " + topics + " failed: " + failure.getMessage(), failure);
        }
        Map<String, Percentiles.Summary> summaries = new HashMap<>();
        latencies.forEach((topic, percentiles) -> {
            synchronized (percentiles) {
                summaries.put(topic, percentiles.summary());
            }
        });
        return summaries;
    }

    /**
     * {@code topic}'s latencies per {@link #WINDOW} of input append time from the start, warm-up
     * included, in time order (a window without output is left out): shows whether a tail is a
     * transient or steady.
     * Call after {@link #readTo}.
     */
    List<Percentiles.Summary> windows(String topic) {
        Percentiles all = latencies.get(topic);
        synchronized (all) {
            return byWindow.get(topic).values().stream()
                    .map(Percentiles::summary)
                    .toList();
        }
    }

    @Override
    public void close() {
        stop = true;
        Background.join(thread);
        consumer.close();
    }
}
