package io.orderseos.ops.chaos;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.chaos.Fault.KillApp;
import io.orderseos.ops.chaos.Fault.KillBroker;
import io.orderseos.ops.chaos.Fault.PauseApp;
import io.orderseos.ops.chaos.Fault.RestartApp;
import io.orderseos.ops.chaos.Fault.Roll;
import io.orderseos.ops.chaos.Fault.Scale;
import io.orderseos.ops.chaos.Fault.Timed;
import io.orderseos.ops.chaos.Fault.Upgrade;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.cluster.AppSettings;
import io.orderseos.ops.cluster.BrokerProcess;
import io.orderseos.ops.cluster.FaultLog;
import io.orderseos.ops.cluster.KafkaCluster;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadReport;
import io.orderseos.ops.verify.Verifier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One run of a {@link Scenario} against real processes: broker(s), app instances running the
 * deployable jar, the load generator on a thread, the faults at their times, then the verifier
 * over the committed topics and the HTTP API of every instance still running.
 */
final class ChaosRun implements AutoCloseable {
    /** What a run found. */
    record Result(
            Scenario scenario,
            long seed,
            long events,
            Map<String, Integer> faults,
            long violations,
            Duration wallTime) {
        boolean passed() {
            return violations == 0;
        }
    }

    static final String APPLICATION_ID = "orders-eos-chaos";
    private static final int PARTITIONS = 6;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration DRAIN = Duration.ofMinutes(5);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    /** Shares of the load out of order, and with a predecessor that never comes, with a reorder window. */
    private static final double OUT_OF_ORDER = 0.02;

    private static final double MISSING_PREDECESSOR = 0.01;

    private final Scenario scenario;
    private final long seed;
    private final Path jar;
    private final Release previous;
    private final Path dir;
    private final PrintStream out;
    private final FaultLog log;
    private final Map<String, Integer> injected = new TreeMap<>();
    private final List<AppProcess> apps = new ArrayList<>();
    private final List<Boolean> running = new ArrayList<>();
    private KafkaCluster cluster;
    private AppSettings settings;
    private AppSettings upgraded;

    /** The release an upgrade scenario starts from: its name and jar. */
    record Release(String name, Path jar) {}

    /** @param previous the release an upgrading scenario starts from; {@code null} for the others */
    ChaosRun(Scenario scenario, long seed, Path jar, Release previous, Path dir, PrintStream out) {
        if (scenario.upgrades() && previous == null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " needs the previous release's jar");
        }
        this.scenario = scenario;
        this.seed = seed;
        this.jar = jar;
        this.previous = previous;
        this.dir = dir;
        this.out = out;
        this.log = new FaultLog(out);
    }

    Result run() throws Exception {
        long started = System.nanoTime();
        out.printf(
                "chaos %s (seed %d): %s%n  %d broker(s), %d instance(s), %,d events at %,d/s, commit interval %d ms%n",
                scenario.name(),
                seed,
                scenario.description(),
                scenario.brokers(),
                scenario.instances(),
                scenario.events(),
                scenario.rate(),
                scenario.commitIntervalMs());
        cluster = KafkaCluster.start(dir.resolve("kafka"), scenario.brokers(), Duration.ofMinutes(2));
        log.record("brokers ready at " + cluster.bootstrapServers());
        createTopics();
        upgraded = AppSettings.of(jar, cluster.bootstrapServers())
                .withEnv("KAFKA_APPLICATION_ID", APPLICATION_ID)
                .withEnv("KAFKA_COMMIT_INTERVAL_MS", Integer.toString(scenario.commitIntervalMs()))
                .withJvmOptions("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
        for (Map.Entry<String, String> setting : scenario.env().entrySet()) {
            upgraded = upgraded.withEnv(setting.getKey(), setting.getValue());
        }
        settings = scenario.upgrades() ? upgraded.withJar(previous.jar()) : upgraded;
        if (scenario.upgrades()) {
            log.record("instances start on release " + previous.name() + " (" + previous.jar() + ")");
        }
        scaleTo(scenario.instances());
        LoadReport load = loadWithFaults();
        log.record("load done: " + load.sent() + " records sent in "
                + load.elapsed().toSeconds() + " s");
        for (int i = 0; i < apps.size(); i++) {
            if (running.get(i)) {
                apps.get(i).awaitReady(READY);
            }
        }
        log.record("every instance ready; verifying");
        Verifier verifier = new Verifier(verifierSettings(), out);
        verifier.verify();
        return new Result(
                scenario,
                seed,
                load.sent(),
                injected,
                verifier.violations(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private LoadReport loadWithFaults() throws Exception {
        LoadOptions.Builder builder = LoadOptions.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .partitions(PARTITIONS)
                .count(scenario.events())
                .rate(scenario.rate())
                .seed(seed);
        if (scenario.reorders()) {
            builder.reorder(OUT_OF_ORDER, MISSING_PREDECESSOR);
        }
        LoadOptions options = builder.build();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "chaos-load"));
        long loadStart = System.nanoTime();
        try {
            Future<LoadReport> load = executor.submit(
                    () -> Load.run(options, new PrintStream(OutputStream.nullOutputStream()), stop::get));
            for (Timed timed : scenario.faults()) {
                awaitOrReport(load, loadStart, timed.at());
                inject(timed.fault());
            }
            while (true) {
                try {
                    return load.get(STATUS_EVERY.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException stillSending) {
                    status(loadStart);
                }
            }
        } finally {
            stop.set(true);
            executor.shutdownNow();
        }
    }

    /** Waits until {@code at} after the load started, printing a status line now and then. */
    private void awaitOrReport(Future<LoadReport> load, long loadStart, Duration at) throws Exception {
        while (true) {
            long left = loadStart + at.toNanos() - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (load.isDone()) {
                load.get(); // a failed load ends the run here, with its cause
            }
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, STATUS_EVERY.toMillis()));
            if (loadStart + at.toNanos() - System.nanoTime() > 0) {
                status(loadStart);
            }
        }
    }

    private void status(long loadStart) {
        List<String> up = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            if (running.get(i) && apps.get(i).isAlive()) {
                up.add(apps.get(i).name());
            }
        }
        log.record(String.format(
                "load running for %d s; instances up: %s",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadStart), up));
    }

    private void inject(Fault fault) throws Exception {
        if (fault instanceof KillApp kill) {
            AppProcess app = apps.get(kill.instance());
            log.record("kill -9", app.name(), app.pid());
            app.kill();
            count("kill -9 instance");
            Thread.sleep(kill.down().toMillis());
            app.restart();
            log.record("restarted", app.name(), app.pid());
        } else if (fault instanceof PauseApp pause) {
            AppProcess app = apps.get(pause.instance());
            log.record("SIGSTOP", app.name(), app.pid());
            app.pause();
            count("pause instance");
            Thread.sleep(pause.paused().toMillis());
            app.resume();
            log.record("SIGCONT after " + pause.paused().toSeconds() + " s", app.name(), app.pid());
        } else if (fault instanceof RestartApp restart) {
            AppProcess app = apps.get(restart.instance());
            log.record("SIGTERM", app.name(), app.pid());
            int code = app.terminate(AppProcess.CLEAN_STOP);
            count("SIGTERM restart");
            log.record("exited with " + code + "; restarting " + app.name());
            app.restart();
            app.awaitReady(READY);
            log.record("ready again", app.name(), app.pid());
        } else if (fault instanceof Scale scale) {
            log.record("scale to " + scale.instances() + " instance(s)");
            scaleTo(scale.instances());
            count("scale to " + scale.instances());
        } else if (fault instanceof Upgrade upgrade) {
            AppProcess app = apps.get(upgrade.instance());
            AppSettings next =
                    upgrade.roll() == Roll.FIRST ? upgraded.withEnv("ORDERS_UPGRADE_FROM", previous.name()) : upgraded;
            log.record(
                    "SIGTERM, then the current jar"
                            + (upgrade.roll() == Roll.FIRST
                                    ? " with ORDERS_UPGRADE_FROM=" + previous.name() + " (first roll)"
                                    : " (second roll)"),
                    app.name(),
                    app.pid());
            app.replaceWith(next);
            count("upgrade, " + (upgrade.roll() == Roll.FIRST ? "first" : "second") + " roll");
            app.awaitReady(READY);
            log.record("ready on the current jar", app.name(), app.pid());
        } else if (fault instanceof KillBroker kill) {
            BrokerProcess broker = cluster.nodes().get(kill.node());
            log.record("kill -9", broker.name(), broker.pid());
            broker.kill();
            count("kill -9 broker");
            Thread.sleep(kill.down().toMillis());
            broker.restart();
            log.record("restarted", broker.name(), broker.pid());
        }
    }

    /** Starts or cleanly stops instances (the newest first) until {@code target} run, all ready. */
    private void scaleTo(int target) throws IOException, InterruptedException {
        long up = running.stream().filter(r -> r).count();
        for (int i = 0; up < target; i++) {
            if (i == apps.size()) {
                String name = "app-" + i;
                AppProcess app = AppProcess.create(name, dir.resolve(name), settings);
                apps.add(app);
                running.add(true);
                app.start();
                up++;
                log.record("started", app.name(), app.pid());
            } else if (!running.get(i)) {
                AppProcess app = apps.get(i);
                app.restart();
                running.set(i, true);
                up++;
                log.record("started", app.name(), app.pid());
            }
        }
        for (int i = apps.size() - 1; up > target; i--) {
            if (running.get(i)) {
                AppProcess app = apps.get(i);
                log.record("SIGTERM (scale in)", app.name(), app.pid());
                app.terminate(AppProcess.CLEAN_STOP);
                running.set(i, false);
                up--;
            }
        }
        for (int i = 0; i < apps.size(); i++) {
            if (running.get(i)) {
                apps.get(i).awaitReady(READY);
            }
        }
        log.record(target + " instance(s) ready");
    }

    private void createTopics() throws Exception {
        short replication = (short) Math.min(3, scenario.brokers());
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic("orders", PARTITIONS, replication),
                            new NewTopic("order-status", PARTITIONS, replication).configs(compacted),
                            new NewTopic("customer-stats", PARTITIONS, replication).configs(compacted),
                            new NewTopic("orders-dlq", PARTITIONS, replication)))
                    .all()
                    .get();
        }
    }

    private Verifier.Settings verifierSettings() {
        List<String> http = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            if (running.get(i)) {
                http.add(apps.get(i).httpAddress());
            }
        }
        // The instances' own settings, so that the model decides as they do (the reorder window).
        Map<String, String> config = new HashMap<>(ConfigSources.fromEnvironment(scenario.env()));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        OrdersConfig app = OrdersConfig.of(config);
        return new Verifier.Settings(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                app,
                http,
                0,
                DRAIN,
                false,
                20);
    }

    private void count(String fault) {
        injected.merge(fault, 1, Integer::sum);
    }

    List<String> faultLog() {
        return log.lines();
    }

    /** Stops every instance and broker; their logs stay in the run's directory. */
    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
