package io.orderseos.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.app.TopicOffsets;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Failover: three instances with the app's defaults (one standby replica, 6 s session timeout),
 * the seeded stream at a steady rate, and after a warm-up a {@code kill -9} of one instance. The
 * partitions it consumed as active tasks are read from its own {@code /instances} just before; the
 * clock runs from the kill until the group's committed offset has moved on every one of them, which
 * only a survivor can do: the committed offsets are taken as the baseline a second after the kill,
 * so a commit the dead instance had in flight is not mistaken for a survivor's. It also runs until
 * each has caught up, its committed offset past the partition's end at the kill: what the dead
 * instance left behind (its backlog) is worked off by then, and the difference between the two
 * times is the survivors draining it.
 */
final class FailoverMeasurement {
    static final int INSTANCES = 3;
    /** Load before the kill: assignment settled, standbys caught up, JIT warm. */
    static final Duration WARM_UP = Duration.ofSeconds(20);
    /**
     * After the warm-up, how long the group may take to catch up with the input (a fresh JVM falls
     * behind while its code is compiled) before the rate counts as more than the machine carries.
     */
    static final Duration STEADY_WITHIN = Duration.ofMinutes(2);

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration IN_FLIGHT = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the load may take to stop and close its producer before it is interrupted. */
    private static final Duration LOAD_STOP = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> clientConfig;
    private final PrintStream out;

    FailoverMeasurement(Map<String, Object> clientConfig, PrintStream out) {
        this.clientConfig = clientConfig;
        this.out = out;
    }

    /**
     * {@code instances} are not started yet; the survivors are stopped afterwards. {@code load} must
     * last longer than the warm-up and the failover.
     */
    Failover measure(AppUnderTest app, List<AppProcess> instances, LoadOptions load, int partitions) throws Exception {
        for (AppProcess instance : instances) {
            instance.start();
        }
        for (AppProcess instance : instances) {
            instance.awaitReady(READY);
        }
        awaitAssignment(instances.get(0), partitions);
        AppProcess victim = instances.get(1);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-failover-load"));
        try (Admin admin = Admin.create(clientConfig)) {
            Future<LoadReport> sending =
                    executor.submit(() -> Load.run(load, new PrintStream(OutputStream.nullOutputStream()), stop::get));
            out.printf(
                    "failover: %d instances ready, %,d records/s into %s; kill -9 of %s after %d s of warm-up,"
                            + " once the group is less than a second of input behind%n",
                    instances.size(), load.rate(), app.input(), victim.name(), WARM_UP.toSeconds());
            Thread.sleep(WARM_UP.toMillis());
            long steady = awaitSteady(admin, app, load.rate(), sending);
            List<TopicPartition> owned = activePartitions(victim);
            victim.kill();
            long killed = System.nanoTime();
            Map<TopicPartition, Long> endsAtKill = TopicOffsets.end(
                    admin,
                    owned.stream().map(TopicPartition::topic).distinct().toList(),
                    IsolationLevel.READ_UNCOMMITTED);
            out.printf("failover: kill -9 %s (pid %d), which consumed %s%n", victim.name(), victim.pid(), owned);
            Thread.sleep(IN_FLIGHT.toMillis());
            Map<TopicPartition, Long> baseline = committed(admin, app.applicationId(), owned);
            Map<TopicPartition, Long> moved = new HashMap<>();
            Map<TopicPartition, Long> caughtUp = new HashMap<>();
            while (caughtUp.size() < owned.size()) {
                if (System.nanoTime() - killed > TIMEOUT.toNanos()) {
                    throw new IllegalStateException("failover: after " + TIMEOUT + " only " + moved.keySet() + " of "
                            + owned + " moved, " + caughtUp.keySet() + " caught up; see the instances' logs in "
                            + victim.dir().getParent());
                }
                if (sending.isDone()) {
                    sending.get();
                    throw new IllegalStateException("failover: the load ended before the survivors took over");
                }
                Map<TopicPartition, Long> now = committed(admin, app.applicationId(), owned);
                long at = System.nanoTime();
                for (TopicPartition partition : owned) {
                    long offset = now.get(partition);
                    if (!moved.containsKey(partition) && offset > baseline.get(partition)) {
                        moved.put(partition, at - killed);
                        out.printf("failover: %s moved after %.1f s%n", partition, (at - killed) / 1e9);
                    }
                    if (moved.containsKey(partition)
                            && !caughtUp.containsKey(partition)
                            && offset >= endsAtKill.get(partition)) {
                        caughtUp.put(partition, at - killed);
                        out.printf(
                                "failover: %s caught up after %.1f s (past its end at the kill, %,d records"
                                        + " beyond the committed offset then)%n",
                                partition, (at - killed) / 1e9, endsAtKill.get(partition) - baseline.get(partition));
                    }
                }
                Thread.sleep(POLL.toMillis()); // polling the group's progress; nothing to wait on
            }
            Failover failover = new Failover(
                    victim.name(),
                    steady,
                    owned.stream().map(TopicPartition::toString).toList(),
                    load.rate(),
                    owned.stream().map(p -> Duration.ofNanos(moved.get(p))).toList(),
                    owned.stream()
                            .map(p -> Math.max(0, endsAtKill.get(p) - baseline.get(p)))
                            .toList(),
                    owned.stream().map(p -> Duration.ofNanos(caughtUp.get(p))).toList());
            out.println("failover: " + failover);
            return failover;
        } finally {
            stop.set(true);
            try {
                stopLoad(executor);
            } finally {
                for (AppProcess instance : instances) {
                    instance.close();
                }
            }
        }
    }

    /**
     * Lets the load see its stop flag and close its producer, which sends what it holds; an interrupt
     * would cut the close short (the producer logs it as an error). Interrupts only if it hangs.
     */
    private static void stopLoad(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(LOAD_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }

    /**
     * Waits until {@code instance} reports every task placed: each instance active for some
     * partitions, input and repartition partitions all active once, and as many standbys.
     */
    private static void awaitAssignment(AppProcess instance, int partitions) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            JsonNode instances = instances(instance);
            int active = 0;
            int standby = 0;
            boolean everyoneActive = instances != null && instances.size() == INSTANCES;
            for (JsonNode node : instances == null ? JSON.createArrayNode() : instances) {
                active += node.get("active").size();
                standby += node.get("standby").size();
                everyoneActive &= node.get("active").size() > 0;
            }
            if (everyoneActive && active == 2 * partitions && standby == 2 * partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("failover: the tasks were not placed on " + INSTANCES
                        + " instances within " + READY + ": " + instances);
            }
            Thread.sleep(500); // the group rebalances on its own; nothing to wait on instead
        }
    }

    /** The partitions {@code instance} consumes as active tasks, by its own account. */
    private static List<TopicPartition> activePartitions(AppProcess instance) throws Exception {
        JsonNode instances = instances(instance);
        if (instances == null) {
            throw new IllegalStateException("failover: " + instance.name() + " does not answer /instances");
        }
        List<TopicPartition> owned = new ArrayList<>();
        for (JsonNode node : instances) {
            if (node.get("self").asBoolean()) {
                for (JsonNode partition : node.get("active")) {
                    String name = partition.asText();
                    int dash = name.lastIndexOf('-');
                    owned.add(new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1))));
                }
            }
        }
        if (owned.isEmpty()) {
            throw new IllegalStateException("failover: " + instance.name() + " has no active task to lose");
        }
        return owned;
    }

    /** {@code GET /instances} of {@code instance}, or null when it does not answer 200. */
    private static JsonNode instances(AppProcess instance) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance.httpAddress() + "/instances"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Waits until the group's committed offsets on the input are less than a second of input
     * ({@code rate} records) behind its end, and returns that lag: the kill then finds the group
     * in its steady state, not still working off its start. Fails when that takes longer than
     * {@link #STEADY_WITHIN}: three instances do not keep up with {@code rate} on this machine.
     */
    private long awaitSteady(Admin admin, AppUnderTest app, int rate, Future<LoadReport> sending) throws Exception {
        long deadline = System.nanoTime() + STEADY_WITHIN.toNanos();
        while (true) {
            if (sending.isDone()) {
                sending.get(); // a failed load ends the run here, with its cause
                throw new IllegalStateException(
                        "failover: the load ended before the kill; give a larger --failover-rate");
            }
            Map<TopicPartition, Long> ends =
                    TopicOffsets.end(admin, List.of(app.input()), IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, Long> committed = committed(admin, app.applicationId(), List.copyOf(ends.keySet()));
            long lag = ends.keySet().stream()
                    .mapToLong(p -> ends.get(p) - Math.max(0, committed.get(p)))
                    .sum();
            if (lag < rate) {
                out.printf("failover: the group is %,d records behind the input%n", lag);
                return lag;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "failover: %d instances were still %,d records behind the input %d s after the warm-up:"
                                + " they do not keep up with %,d records/s on this machine; give a lower --failover-rate",
                        INSTANCES, lag, STEADY_WITHIN.toSeconds(), rate));
            }
            Thread.sleep(500); // polling the group's progress; nothing to wait on
        }
    }

    /** The group's committed offsets on {@code partitions}; -1 where it has none. */
    private static Map<TopicPartition, Long> committed(Admin admin, String group, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = offsets.get(partition);
            result.put(partition, offset == null ? -1 : offset.offset());
        }
        return result;
    }
}
