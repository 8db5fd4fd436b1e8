package io.orderseos.ops.bench;

import io.orderseos.app.TopicOffsets;
import io.orderseos.ops.cluster.ChildProcess;
import io.orderseos.ops.verify.Drain;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs one system under test over the whole input and times it, the same way for each: the clock
 * runs from its first output visible to a {@code read_committed} reader to the moment its outputs
 * reached their final size ({@link OutputWatch}), so JVM start, group join and the first commit are
 * left out (and reported as start-up). Over the same stretch, the CPU time the process spent
 * ({@link CpuSampler}). "Done" is decided by the verifier's {@link Drain}: the
 * group's committed offsets cover every record a committed reader can see, and no transaction is
 * open, on what it consumes; then the outputs must have no open transaction either. Drain reads
 * records to decide, so it is only asked once the cheap offset lag is small; until then a status
 * line every 5 s.
 */
final class ThroughputMeasurement {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    /** A system that neither commits nor outputs anything for this long has failed. */
    private static final Duration STALL = Duration.ofMinutes(3);
    /**
     * Offsets left that may be aborted records and markers only: time to ask Drain, which reads
     * them to tell. (The load generator aborts 100 records at a time.)
     */
    private static final long NEARLY_DONE = 1_000;

    private final Map<String, Object> clientConfig;
    private final PrintStream out;

    ThroughputMeasurement(Map<String, Object> clientConfig, PrintStream out) {
        this.clientConfig = clientConfig;
        this.out = out;
    }

    /**
     * Starts {@code process} (not running yet) and measures it until {@code drain} says it is done;
     * leaves it running.
     *
     * @param group its consumer group, whose committed offsets on {@code consumed} show its progress
     * @param consumed the topics it consumes (orders-eos: the input and its repartition topic,
     *     which exists once it runs)
     * @param outputs the topics it writes its results to
     * @param records the input's records visible to a committed reader
     */
    Throughput measure(
            String system,
            ChildProcess process,
            String group,
            List<String> consumed,
            List<String> outputs,
            Drain drain,
            long records)
            throws Exception {
        out.printf("%s: starting %s%n", system, process.name());
        try (OutputWatch watch = new OutputWatch(clientConfig, outputs);
                Admin admin = Admin.create(clientConfig)) {
            long started = System.nanoTime();
            process.start();
            MemorySampler.Summary memory;
            long total;
            long last;
            long first;
            long cpuNanos;
            try (MemorySampler sampler = MemorySampler.start(process.pid());
                    CpuSampler cpu = CpuSampler.start(process.pid())) {
                awaitNearlyDone(system, process, group, consumed, admin, watch, started);
                Optional<String> left = drain.await(STALL);
                if (left.isPresent()) {
                    throw new IllegalStateException(system + ": " + left.get() + "; see " + process.log());
                }
                awaitOutputsSettled(admin, outputs);
                memory = sampler.finish();
                total = watch.total();
                last = awaitSample(watch, total);
                first = watch.firstVisibleNanos();
                cpuNanos = cpu.cpuNanosBetween(first, last);
            }
            Throughput result = new Throughput(
                    system,
                    records,
                    Duration.ofNanos(last - first),
                    Duration.ofNanos(first - started),
                    cpuNanos < 0 ? null : Duration.ofNanos(cpuNanos),
                    memory,
                    Machine.loadAverage());
            out.printf("%s: %s; %s%n", system, result, memory);
            return result;
        }
    }

    private void awaitNearlyDone(
            String system,
            ChildProcess process,
            String group,
            List<String> consumed,
            Admin admin,
            OutputWatch watch,
            long started)
            throws Exception {
        long lastChange = System.nanoTime();
        long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
        long lastCommitted = -1;
        long lastOutput = -1;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(system + ": " + process.name() + " exited; see " + process.log());
            }
            Set<String> existing = admin.listTopics().names().get();
            List<String> topics = consumed.stream().filter(existing::contains).toList();
            Map<TopicPartition, Long> ends = TopicOffsets.end(admin, topics, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            long end = ends.values().stream().mapToLong(Long::longValue).sum();
            long done = ends.keySet().stream()
                    .mapToLong(tp -> committed.get(tp) == null
                            ? 0
                            : Math.min(committed.get(tp).offset(), ends.get(tp)))
                    .sum();
            if (end - done <= NEARLY_DONE) {
                return;
            }
            long output = watch.latest();
            if (done != lastCommitted || output != lastOutput) {
                lastCommitted = done;
                lastOutput = output;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new IllegalStateException(system + ": no progress for " + STALL + "; see " + process.log());
            }
            if (System.nanoTime() > nextStatus) {
                out.printf(
                        "%s: %d s, consumed and committed %d%% (%,d of %,d offsets), output at offset %,d%n",
                        system,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                        100 * done / Math.max(end, 1),
                        done,
                        end,
                        output);
                nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
            }
            Thread.sleep(POLL.toMillis()); // polling another process's progress; nothing to wait on
        }
    }

    /** Waits until no transaction is open on the outputs: the last one's markers are written. */
    private static void awaitOutputsSettled(Admin admin, List<String> outputs) throws Exception {
        long deadline = System.nanoTime() + STALL.toNanos();
        while (!TopicOffsets.withOpenTransactions(admin, outputs).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a transaction stays open on " + outputs);
            }
            Thread.sleep(POLL.toMillis()); // the coordinator writes the markers on its own
        }
    }

    /** The time of the watch's first sample at {@code total}, once it has taken one. */
    private static long awaitSample(OutputWatch watch, long total) throws InterruptedException {
        long reached;
        while ((reached = watch.reachedNanos(total)) < 0) {
            Thread.sleep(50); // the watch samples every 100 ms
        }
        return reached;
    }
}
