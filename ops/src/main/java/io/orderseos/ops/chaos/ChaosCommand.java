package io.orderseos.ops.chaos;

import io.orderseos.compat.Releases;
import io.orderseos.ops.cluster.AppJar;
import io.orderseos.ops.cluster.PreviousRelease;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** {@code orders-eos-ops chaos}: named fault scenarios against real processes, each ending in the verifier. */
public final class ChaosCommand {
    public static final String USAGE =
            """
            usage: orders-eos-ops chaos [--scenario NAME|all] [--seed N] [--events N] [--rate N]
                                        [--dir DIR] [--keep] [--app-jar PATH] [--previous-jar PATH]
              Starts real Kafka broker processes and orders-eos instances (java -jar
              topology/target/orders-eos.jar), produces a seeded load, injects the scenario's faults
              (kill -9, SIGSTOP/SIGCONT, SIGTERM restarts, scaling, broker kill -9 and restart, a
              rolling upgrade), waits for the app to drain and runs the exactly-once verifier. Exit 0
              only with 0 violations.
              --scenario NAME  one of the scenarios below, or all of them in turn (default gate)
              --seed N         seed of the load (default: a random one, printed; the same seed
                               replays the same input)
              --events N       records to produce (default: the scenario's)
              --rate N         records per second (default: the scenario's)
              --dir DIR        where brokers and instances keep data and logs (default: a temp dir)
              --keep           keep that directory after a passing run (a failing run always keeps it)
              --app-jar PATH   the app jar (default topology/target/orders-eos.jar)
              --previous-jar PATH
                               the jar of the release the upgrade scenario starts from (default: built
                               once from the commit recorded for it, into target/previous-release/)
            Scenarios:
            """;

    private final PrintStream out;

    public ChaosCommand(PrintStream out) {
        this.out = out;
    }

    public static String usage() {
        StringBuilder usage = new StringBuilder(USAGE);
        int width = Scenario.ALL.keySet().stream().mapToInt(String::length).max().orElse(0);
        Scenario.ALL.values()
                .forEach(s -> usage.append(String.format("  %-" + width + "s %s%n", s.name(), s.description())));
        return usage.toString().stripTrailing();
    }

    public int run(Map<String, String> options) throws Exception {
        String name = options.getOrDefault("scenario", "gate");
        List<Scenario> scenarios = name.equals("all") ? List.copyOf(Scenario.ALL.values()) : List.of(scenario(name));
        long seed = options.containsKey("seed")
                ? Long.parseLong(options.get("seed"))
                : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        // Found (or refused, or built) before any broker starts.
        Path jar = options.containsKey("app-jar") ? AppJar.locate(options.get("app-jar")) : AppJar.locate();
        ChaosRun.Release previous = scenarios.stream().anyMatch(Scenario::upgrades) ? previousRelease(options) : null;
        List<ChaosRun.Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Scenario sized = scenario.with(
                    Long.parseLong(options.getOrDefault("events", Long.toString(scenario.events()))),
                    Integer.parseInt(options.getOrDefault("rate", Integer.toString(scenario.rate()))));
            Path dir = options.containsKey("dir")
                    ? Files.createDirectories(Path.of(options.get("dir")).resolve(scenario.name()))
                    : Files.createTempDirectory("orders-eos-chaos-" + scenario.name());
            ChaosRun.Result result;
            try (ChaosRun run = new ChaosRun(sized, seed, jar, previous, dir, out)) {
                result = run.run();
            }
            results.add(result);
            if (result.passed() && !options.containsKey("keep")) {
                deleteRecursively(dir);
            } else {
                out.println("data and logs kept in " + dir);
            }
        }
        printTable(results);
        return results.stream().allMatch(ChaosRun.Result::passed) ? 0 : 1;
    }

    /** The release the upgrade scenario starts from: the newest recorded one, its jar given or built. */
    private ChaosRun.Release previousRelease(Map<String, String> options) throws IOException, InterruptedException {
        String name = Releases.previous().release();
        if (options.containsKey("previous-jar")) {
            return new ChaosRun.Release(name, AppJar.locate(options.get("previous-jar")));
        }
        return new ChaosRun.Release(name, PreviousRelease.ofThisCheckout().jar(out));
    }

    private static Scenario scenario(String name) {
        Scenario scenario = Scenario.ALL.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException(
                    "unknown scenario '" + name + "'; one of " + Scenario.ALL.keySet() + " or all");
        }
        return scenario;
    }

    private void printTable(List<ChaosRun.Result> results) {
        out.println();
        out.println("| scenario | seed | events | faults injected | violations | wall time |");
        out.println("|---|---|---|---|---|---|");
        for (ChaosRun.Result result : results) {
            out.printf(
                    "| %s | %d | %,d | %s | %d | %d min %02d s |%n",
                    result.scenario().name(),
                    result.seed(),
                    result.events(),
                    faults(result.faults()),
                    result.violations(),
                    result.wallTime().toMinutes(),
                    result.wallTime().toSecondsPart());
        }
    }

    private static String faults(Map<String, Integer> faults) {
        List<String> parts = new ArrayList<>();
        faults.forEach((fault, count) -> parts.add(count + " × " + fault));
        return String.join(", ", parts);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
