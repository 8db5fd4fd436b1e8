package io.orderseos.ops.bench;

import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.cluster.KafkaCluster;
import io.orderseos.ops.cluster.ToolProcess;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadReport;
import io.orderseos.ops.topics.PartitionsServing;
import io.orderseos.ops.verify.Drain;
import io.orderseos.order.OrderStateProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One benchmark run: a real broker process, the seeded input written once, then each phase against
 * it with real processes. Throughput phases read the same input topic from its beginning, each with
 * its own group and output topics; latency and failover send the same seeded stream again, at a
 * fixed rate, into topics of their own (they need records arriving while they measure).
 */
final class BenchRun {
    static final String INPUT = "bench-orders";

    private static final Duration BROKER_START = Duration.ofMinutes(2);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(30);
    /** How long the crash phase's instance takes new orders before it is killed. */
    private static final Duration CRASH_AFTER = Duration.ofSeconds(15);

    private final BenchOptions options;
    private final Path jar;
    private final Path dir;
    private final PrintStream out;
    private final List<AppProcess> apps = new ArrayList<>();
    private final List<ToolProcess> tools = new ArrayList<>();
    private KafkaCluster cluster;
    private Map<String, Object> clientConfig;

    BenchRun(BenchOptions options, Path jar, Path dir, PrintStream out) {
        this.options = options;
        this.jar = jar;
        this.dir = dir;
        this.out = out;
    }

    BenchResults run() throws Exception {
        Machine machine = Machine.describe();
        BenchResults results = new BenchResults(options, machine);
        out.printf("orders-eos bench in %s%nmachine: %s; load average %.2f%n", dir, machine, Machine.loadAverage());
        cluster = KafkaCluster.start(dir.resolve("kafka"), 1, BROKER_START, options.brokerConfig());
        clientConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        out.println("broker ready at " + cluster.bootstrapServers());
        createTopics();

        results.input = Load.run(load(INPUT, options.events(), 0).build(), out, () -> false);
        out.printf(
                "input: %,d records in %s (%,d visible to a committed reader)%n",
                results.input.sent(), INPUT, results.input.visible());
        long records = results.input.visible();
        ThroughputMeasurement throughput = new ThroughputMeasurement(clientConfig, out);
        if (options.runs(Phase.RAW)) {
            results.raw = raw(throughput, records);
        }
        if (options.runs(Phase.ALOS)) {
            results.alos = alos(throughput, records);
        }
        if (options.runs(Phase.EOS)) {
            eosAndRestore(throughput, records, results);
        }
        if (options.runs(Phase.LATENCY)) {
            results.latency = latency("latency", Map.of(), jar, rate(results));
            if (options.compares()) {
                results.latencyCompared = latency("latency-b", options.compareEnv(), comparedJar(), rate(results));
            }
        }
        if (options.runs(Phase.FAILOVER)) {
            results.failover = failover(failoverRate(results));
        }
        return results;
    }

    private Throughput raw(ThroughputMeasurement throughput, long records) throws Exception {
        String group = "orders-eos-bench-raw";
        ToolProcess copier = ToolProcess.create(
                "raw-copy",
                dir.resolve("raw-copy"),
                AppUnderTest.JVM_OPTIONS,
                RawCopy.class,
                List.of(cluster.bootstrapServers(), INPUT, rawOutput(), group, Long.toString(eosCommitIntervalMs())));
        tools.add(copier);
        Throughput raw = throughput.measure(
                "raw copy",
                copier,
                group,
                List.of(INPUT),
                List.of(rawOutput()),
                new Drain(clientConfig, group, List.of(INPUT), out),
                records);
        copier.close();
        return raw;
    }

    private Throughput alos(ThroughputMeasurement throughput, long records) throws Exception {
        return measureAndClose(
                throughput,
                "alos",
                StreamsConfig.AT_LEAST_ONCE,
                Map.of("KAFKA_PROCESSING_GUARANTEE", StreamsConfig.AT_LEAST_ONCE),
                records);
    }

    /** One instance's throughput over the input with {@code env}, the instance closed after. */
    private Throughput measureAndClose(
            ThroughputMeasurement throughput, String name, String system, Map<String, String> env, long records)
            throws Exception {
        AppUnderTest app = app(name, INPUT, env);
        AppProcess instance = instance(app, name + "-0", List.of());
        Throughput result = throughput.measure(
                system,
                instance,
                app.applicationId(),
                app.consumed(),
                app.outputs(),
                app.drain(clientConfig, out),
                records);
        instance.close();
        return result;
    }

    /**
     * The exactly-once throughput, then, with the instance closed cleanly, its dedup store on disk;
     * then (if asked) the compared run, on the same input; then the restart after a crash, which
     * writes more input, and the restore of the wiped state.
     */
    private void eosAndRestore(ThroughputMeasurement throughput, long records, BenchResults results) throws Exception {
        AppUnderTest eos = app("eos", INPUT, Map.of());
        // Every start of the instance records into the same file: each recording is moved to
        // a name of its own once its process has ended (eos.jfr, then restore.jfr).
        AppProcess instance = instance(eos, "eos-0", flightRecording());
        results.eosProfiled = options.jfr();
        results.eos = throughput.measure(
                StreamsConfig.EXACTLY_ONCE_V2,
                instance,
                eos.applicationId(),
                eos.consumed(),
                eos.outputs(),
                eos.drain(clientConfig, out),
                records);
        stopCleanly(instance);
        keepRecording("eos.jfr");
        List<Changelogs.Count> changelogs = changelogs(eos);
        results.dedup =
                DedupOnDisk.measure(stateDir(instance), changelogs.get(0).records());
        out.println("dedup store: " + results.dedup);
        if (options.compares()) {
            eosCompared(throughput, records, results);
        }
        if (options.runs(Phase.CRASH)) {
            results.crash = crash(instance, failoverRate(results));
        }
        if (options.runs(Phase.RESTORE)) {
            results.restore = restore(instance, changelogs);
            keepRecording("restore.jfr");
        }
    }

    /** The exactly-once throughput and dedup store again, with {@code --compare-app-env}'s settings. */
    private void eosCompared(ThroughputMeasurement throughput, long records, BenchResults results) throws Exception {
        out.println("eos-b: the exactly-once phase again with " + options.comparedWith());
        AppUnderTest app = app("eos-b", INPUT, options.compareEnv(), comparedJar());
        AppProcess instance = instance(app, "eos-b-0", List.of());
        results.eosCompared = throughput.measure(
                StreamsConfig.EXACTLY_ONCE_V2 + " with " + options.comparedWith(),
                instance,
                app.applicationId(),
                app.consumed(),
                app.outputs(),
                app.drain(clientConfig, out),
                records);
        stopCleanly(instance);
        results.dedupCompared =
                DedupOnDisk.measure(stateDir(instance), changelogs(app).get(0).records());
        out.println("dedup store with " + options.comparedWith() + ": " + results.dedupCompared);
    }

    /** Stops {@code instance} with SIGTERM and insists that it closed cleanly (its stores flushed). */
    private static void stopCleanly(AppProcess instance) throws Exception {
        int code = instance.terminate(AppProcess.CLEAN_STOP);
        if (code != 0 && code != 143) {
            throw new IllegalStateException(instance.name() + ": the instance did not close cleanly (exit " + code
                    + "); see " + instance.log());
        }
    }

    /** The records of {@code app}'s changelogs: dedup, order and customer store, in that order. */
    private List<Changelogs.Count> changelogs(AppUnderTest app) throws Exception {
        return Changelogs.count(
                clientConfig,
                List.of(
                        Changelogs.topic(app.applicationId(), DedupProcessor.STORE),
                        Changelogs.topic(app.applicationId(), OrderStateProcessor.STORE),
                        Changelogs.topic(app.applicationId(), CustomerStatsProcessor.STORE)));
    }

    /**
     * The exactly-once instance, stopped cleanly after its throughput run, starts again on its own
     * state, takes new orders at {@code rate} for {@link #CRASH_AFTER}, and is killed with {@code
     * kill -9}; then it starts again on the same state directory, and the restore is timed and
     * counted as a wiped instance's is.
     */
    private CrashRestart crash(AppProcess instance, int rate) throws Exception {
        instance.restart();
        instance.awaitReady(READY);
        LoadOptions more = load(INPUT, (long) rate * CRASH_AFTER.toSeconds() * 2, rate)
                .orderPrefix("crash")
                .build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<LoadReport> sent = new AtomicReference<>();
        Thread loader = Background.start("bench-crash-load", () -> {
            try {
                sent.set(Load.run(more, new PrintStream(OutputStream.nullOutputStream()), stop::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(CRASH_AFTER.toMillis());
        out.printf(
                "crash: kill -9 of %s after %d s of new orders at %,d/s%n",
                instance.name(), CRASH_AFTER.toSeconds(), rate);
        instance.kill();
        stop.set(true);
        Background.join(loader);
        long started = System.nanoTime();
        instance.restart();
        try {
            long live = awaitStatus(instance, "/health/live", started);
            long ready = awaitStatus(instance, "/health/ready", started);
            CrashRestart crash = new CrashRestart(
                    instance.restoredRecords(),
                    Duration.ofNanos(ready - live),
                    Duration.ofNanos(ready - started),
                    sent.get() == null ? 0 : sent.get().sent());
            out.println("crash: " + crash);
            return crash;
        } finally {
            instance.terminate(AppProcess.CLEAN_STOP);
        }
    }

    private Latency latency(String name, Map<String, String> env, Path appJar, int rate) throws Exception {
        AppUnderTest latency = app(name, name + "-orders", env, appJar);
        Latency result = new LatencyMeasurement(clientConfig, out)
                .measure(
                        latency,
                        instance(latency, name + "-0", flightRecording()),
                        load(latency.input(), (long) rate * (options.warmUpSeconds() + options.latencySeconds()), rate)
                                .build(),
                        Duration.ofSeconds(options.warmUpSeconds()),
                        options.latencySeconds());
        keepRecording(name + ".jfr");
        return result;
    }

    private Failover failover(int rate) throws Exception {
        AppUnderTest failover = app("failover", "failover-orders", Map.of());
        List<AppProcess> instances = new ArrayList<>();
        for (int i = 0; i < FailoverMeasurement.INSTANCES; i++) {
            instances.add(instance(failover, "failover-" + i, List.of()));
        }
        // Enough for the warm-up and three minutes more; the phase stops it once it has its figure.
        long count = (long) rate
                * (FailoverMeasurement.WARM_UP.toSeconds() + FailoverMeasurement.STEADY_WITHIN.toSeconds() + 180);
        return new FailoverMeasurement(clientConfig, out)
                .measure(
                        failover, instances, load(failover.input(), count, rate).build(), options.partitions());
    }

    /** {@code --rate}, else half of the exactly-once maximum just measured. */
    private int rate(BenchResults results) {
        return options.rate() > 0 ? options.rate() : (int) Math.max(1, results.eos.perSecond() / 2);
    }

    /**
     * A quarter of the maximum: three instances, each with a standby's restoring on top of its
     * active tasks, share the machine with the broker and carry less than one instance alone (on
     * the 2-core machine they never caught up with half of it).
     */
    private int failoverRate(BenchResults results) {
        return options.failoverRate() > 0 ? options.failoverRate() : (int) Math.max(1, results.eos.perSecond() / 4);
    }

    /**
     * Wipes the stopped instance's state, starts it again and times the restore: from its HTTP API
     * answering (Kafka Streams started) to RUNNING, which Kafka Streams reaches once every active
     * task is restored.
     */
    private Restore restore(AppProcess instance, List<Changelogs.Count> changelogs) throws Exception {
        deleteRecursively(stateDir(instance));
        out.printf(
                "restore: %s's state wiped; restarting it to restore %,d changelog records%n",
                instance.name(),
                changelogs.stream().mapToLong(Changelogs.Count::records).sum());
        long started = System.nanoTime();
        instance.restart();
        try (MemorySampler sampler = MemorySampler.start(instance.pid())) {
            long live = awaitStatus(instance, "/health/live", started);
            long ready = awaitStatus(instance, "/health/ready", started);
            Restore restore = new Restore(
                    changelogs,
                    instance.restoredRecords(),
                    Duration.ofNanos(ready - live),
                    Duration.ofNanos(ready - started),
                    sampler.finish());
            out.println("restore: " + restore);
            return restore;
        } finally {
            instance.terminate(AppProcess.CLEAN_STOP);
        }
    }

    /** The time {@code path} first answered 200, polled every 50 ms. */
    private static long awaitStatus(AppProcess instance, String path, long started) throws InterruptedException {
        while (instance.status(path) != 200) {
            if (!instance.isAlive()) {
                throw new IllegalStateException(instance.name() + " exited; see " + instance.log());
            }
            if (System.nanoTime() - started > RESTORE_TIMEOUT.toNanos()) {
                throw new IllegalStateException(instance.name() + ": no 200 from " + path + " within " + RESTORE_TIMEOUT
                        + "; see " + instance.log());
            }
            Thread.sleep(50); // polling another process's HTTP endpoint; nothing to wait on instead
        }
        return System.nanoTime();
    }

    /** With {@code --jfr}: the JVM options that record an instance's run into {@link #recording()}. */
    private List<String> flightRecording() {
        return options.jfr()
                ? List.of("-XX:StartFlightRecording=filename=" + recording().toAbsolutePath()
                        + ",settings=profile,dumponexit=true")
                : List.of();
    }

    private Path recording() {
        return dir.resolve("recording.jfr");
    }

    /** Names the flight recording of the instance's run that just ended, if any. */
    private void keepRecording(String name) throws IOException {
        if (options.jfr() && Files.exists(recording())) {
            Files.move(recording(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private AppUnderTest app(String name, String input, Map<String, String> env) {
        return app(name, input, env, jar);
    }

    private AppUnderTest app(String name, String input, Map<String, String> env, Path appJar) {
        Map<String, String> merged = new HashMap<>(options.appEnv());
        merged.putAll(env); // the phase's own settings are what it measures
        return new AppUnderTest(name, input, cluster.bootstrapServers(), appJar, merged);
    }

    /** The jar of the compared runs: {@code --compare-app-jar}, else the run's own. */
    private Path comparedJar() {
        return options.compareJar() != null ? options.compareJar() : jar;
    }

    private AppProcess instance(AppUnderTest app, String name, List<String> extraJvmOptions) throws IOException {
        AppProcess instance = AppProcess.create(name, dir.resolve(name), app.settings(extraJvmOptions));
        apps.add(instance);
        return instance;
    }

    /** The run's load: its broker, partitions and seed, {@code count} records to {@code topic} at {@code rate}. */
    private LoadOptions.Builder load(String topic, long count, int rate) {
        return LoadOptions.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .topic(topic)
                .partitions(options.partitions())
                .count(count)
                .rate(rate)
                .seed(options.seed());
    }

    private static String rawOutput() {
        return "raw-copy";
    }

    /** Kafka Streams' commit interval under exactly-once, the one the raw copy commits at. */
    private static long eosCommitIntervalMs() {
        return new StreamsConfig(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG, "bench",
                        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2))
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    /**
     * Every topic up front: the shared input, the raw copy's output, each deployment's outputs, and
     * the latency input, whose records the broker stamps with its append time.
     */
    private void createTopics() throws Exception {
        int partitions = options.partitions();
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(INPUT, partitions, (short) 1));
        topics.add(new NewTopic(rawOutput(), partitions, (short) 1));
        for (String latency : List.of("latency", "latency-b")) {
            topics.add(new NewTopic(latency + "-orders", partitions, (short) 1)
                    .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        }
        topics.add(new NewTopic("failover-orders", partitions, (short) 1));
        for (String name : List.of("alos", "eos", "eos-b", "latency", "latency-b", "failover")) {
            topics.addAll(app(name, INPUT, Map.of()).outputTopics(partitions));
        }
        try (Admin admin = Admin.create(clientConfig)) {
            admin.createTopics(topics).all().get();
            PartitionsServing.await(admin, topics.stream().map(NewTopic::name).toList(), BROKER_START);
        }
    }

    private static Path stateDir(AppProcess instance) {
        return instance.dir().resolve("state");
    }

    /**
     * Stops every process and broker. Unless {@code keep}, deletes the broker's data and the
     * instances' state; logs, the flight recording and {@code bench.json} stay.
     */
    void close(boolean keep) throws IOException {
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
        tools.forEach(ToolProcess::close);
        if (cluster != null) {
            cluster.close();
        }
        if (!keep) {
            for (AppProcess app : apps) {
                deleteRecursively(stateDir(app));
            }
            try (Stream<Path> nodes = Files.list(dir.resolve("kafka"))) {
                for (Path node : nodes.toList()) {
                    deleteRecursively(node.resolve("data"));
                }
            } catch (NoSuchFileException e) {
                // the broker never started
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }
}
