package io.orderseos.ops.chaos;

import io.orderseos.ops.chaos.Fault.KillApp;
import io.orderseos.ops.chaos.Fault.KillBroker;
import io.orderseos.ops.chaos.Fault.PauseApp;
import io.orderseos.ops.chaos.Fault.RestartApp;
import io.orderseos.ops.chaos.Fault.Roll;
import io.orderseos.ops.chaos.Fault.Scale;
import io.orderseos.ops.chaos.Fault.Timed;
import io.orderseos.ops.chaos.Fault.Upgrade;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named chaos scenario: the cluster, the app instances and their commit interval, the load, the
 * faults with their times, and settings of the instances beyond the app's defaults ({@code env}, as
 * a container gets them). Pauses last 15 s, longer than both the app's transaction timeout (3 s at
 * these commit intervals) and its session timeout (6 s): the paused instance loses its tasks and
 * comes back as a zombie that must be fenced.
 *
 * <p>Every scenario but {@code upgrade} runs the app with a reorder window of {@value
 * #REORDER_WINDOW}, short enough that held events expire within a run, and sends events out of
 * order and steps whose predecessor never comes. {@code upgrade} keeps the window off: the buffer
 * adds a store, which instances of the previous release, in the same group, lack.
 */
record Scenario(
        String name,
        String description,
        int brokers,
        int instances,
        long events,
        int rate,
        int commitIntervalMs,
        List<Timed> faults,
        Map<String, String> env) {

    static final String REORDER_WINDOW = "PT2S";
    private static final Map<String, String> REORDER = Map.of("ORDERS_REORDER_WINDOW", REORDER_WINDOW);
    private static final Duration DOWN = Duration.ofSeconds(5);
    private static final Duration PAUSE = Duration.ofSeconds(15);

    /** Every scenario by name, the CI gate first. */
    static final Map<String, Scenario> ALL = scenarios();

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario scenario : List.of(
                new Scenario(
                        "gate",
                        "the CI gate: 3 kill -9s and 2 pauses of 3 instances, commit interval 100 ms",
                        1,
                        3,
                        60_000,
                        500,
                        100,
                        List.of(
                                at(15, new KillApp(0, DOWN)),
                                at(30, new PauseApp(1, PAUSE)),
                                at(55, new KillApp(2, DOWN)),
                                at(70, new PauseApp(0, PAUSE)),
                                at(95, new KillApp(1, DOWN))),
                        REORDER),
                new Scenario(
                        "kill-long-commit",
                        "3 kill -9s with commit interval 5000 ms: every kill lands in an open transaction",
                        1,
                        3,
                        60_000,
                        500,
                        5_000,
                        List.of(
                                at(20, new KillApp(0, DOWN)),
                                at(50, new KillApp(1, DOWN)),
                                at(80, new KillApp(2, DOWN))),
                        REORDER),
                new Scenario(
                        "rolling-restart",
                        "SIGTERM rolling restarts, twice through the 3 instances",
                        1,
                        3,
                        60_000,
                        500,
                        100,
                        List.of(
                                at(10, new RestartApp(0)),
                                at(25, new RestartApp(1)),
                                at(40, new RestartApp(2)),
                                at(55, new RestartApp(0)),
                                at(70, new RestartApp(1)),
                                at(85, new RestartApp(2))),
                        REORDER),
                new Scenario(
                        "scale",
                        "scale 1 -> 3 -> 1 under load",
                        1,
                        1,
                        60_000,
                        500,
                        100,
                        List.of(at(20, new Scale(3)), at(70, new Scale(1))),
                        REORDER),
                new Scenario(
                        "broker-kill",
                        "kill -9 of the only broker for 10 s, then restart on its data; an app kill -9 after",
                        1,
                        3,
                        60_000,
                        500,
                        100,
                        List.of(at(30, new KillBroker(0, Duration.ofSeconds(10))), at(70, new KillApp(1, DOWN))),
                        REORDER),
                new Scenario(
                        "three-brokers",
                        "3 brokers (RF 3, min.insync.replicas 2): kill -9 of a broker for 20 s, an app kill -9 and a pause",
                        3,
                        3,
                        60_000,
                        500,
                        100,
                        List.of(
                                at(20, new KillBroker(1, Duration.ofSeconds(20))),
                                at(55, new KillApp(0, DOWN)),
                                at(75, new PauseApp(2, PAUSE))),
                        REORDER),
                new Scenario(
                        "upgrade",
                        "rolling upgrade from the previous release's jar to the current one, in two rolls (with"
                                + " orders.upgrade.from, then without), a kill -9 of an instance still on the"
                                + " previous release, and one of an instance still on orders.upgrade.from in the"
                                + " second roll",
                        1,
                        3,
                        60_000,
                        500,
                        100,
                        List.of(
                                at(10, new Upgrade(0, Roll.FIRST)),
                                at(20, new KillApp(2, DOWN)),
                                at(30, new Upgrade(1, Roll.FIRST)),
                                at(40, new Upgrade(2, Roll.FIRST)),
                                at(55, new Upgrade(0, Roll.SECOND)),
                                // writing the release's formats beside an instance that writes this one's
                                at(62, new KillApp(2, DOWN)),
                                at(70, new Upgrade(1, Roll.SECOND)),
                                at(85, new Upgrade(2, Roll.SECOND))),
                        Map.of()),
                new Scenario(
                        "flush-in-transaction",
                        "1 instance, 10 s transactions and a 64 KiB memtable, so that RocksDB flushes inside"
                                + " them; a clean restart, then kill -9 inside a transaction",
                        1,
                        1,
                        40_000,
                        1_000,
                        10_000,
                        List.of(at(10, new RestartApp(0)), at(27, new KillApp(0, DOWN))),
                        Map.of(
                                "ORDERS_ROCKSDB_MEMTABLE_BYTES",
                                Integer.toString(64 << 10),
                                "ORDERS_REORDER_WINDOW",
                                REORDER_WINDOW)))) {
            all.put(scenario.name(), scenario);
        }
        return all;
    }

    private static Timed at(int seconds, Fault fault) {
        return new Timed(Duration.ofSeconds(seconds), fault);
    }

    /** Whether it starts on the previous release and upgrades to the current one. */
    boolean upgrades() {
        return faults.stream().anyMatch(timed -> timed.fault() instanceof Upgrade);
    }

    /** Whether its instances hold early events (a reorder window), so that the load may send them. */
    boolean reorders() {
        return env.containsKey("ORDERS_REORDER_WINDOW");
    }

    /** This scenario with another size or rate (the faults keep their times). */
    Scenario with(long events, int rate) {
        return new Scenario(name, description, brokers, instances, events, rate, commitIntervalMs, faults, env);
    }
}
