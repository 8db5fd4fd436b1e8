package io.orderseos.ops.chaos;

import io.orderseos.compat.Releases;
import io.orderseos.ops.HelpFooter;
import io.orderseos.ops.Usage;
import io.orderseos.ops.cluster.AppJar;
import io.orderseos.ops.cluster.AppJarOption;
import io.orderseos.ops.cluster.PreviousRelease;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orders-eos-ops chaos}: named fault scenarios against real processes, each ending in the verifier. */
@Command(
        name = "chaos",
        header = "kill, pause and restart real brokers and instances under load, then verify",
        description = "Starts real Kafka broker processes and orders-eos instances (java -jar"
                + " topology/target/orders-eos.jar), produces a seeded load, injects the scenario's faults (kill -9,"
                + " SIGSTOP/SIGCONT, SIGTERM restarts, scaling, broker kill -9 and restart, a rolling upgrade), waits"
                + " for the app to drain and runs the exactly-once verifier.",
        footerHeading = "Scenarios:%n",
        exitCodeList = {"0:every scenario run ended with 0 violations", "1:a violation or a failed run", "2:bad usage"})
public final class ChaosCommand implements Callable<Integer> {
    private final PrintStream out;
    private CommandSpec spec;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "one of the scenarios below, or all of them in turn (default ${DEFAULT-VALUE})")
    private String scenario = "gate";

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "seed of the load (default: a random one, printed; the same seed replays the same input)")
    private Long seed;

    @Option(names = "--events", paramLabel = "N", description = "records to produce (default: the scenario's)")
    private Long events;

    @Option(names = "--rate", paramLabel = "N", description = "records per second (default: the scenario's)")
    private Integer rate;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "where brokers and instances keep data and logs (default: a temp dir)")
    private Path dir;

    @Option(names = "--keep", description = "keep that directory after a passing run (a failing run always keeps it)")
    private boolean keep;

    @Mixin
    private AppJarOption appJar = new AppJarOption();

    @Option(
            names = "--previous-jar",
            paramLabel = "PATH",
            description = "the jar of the release the upgrade scenario starts from (default: built once from the"
                    + " commit recorded for it, into target/previous-release/)")
    private String previousJar;

    public ChaosCommand(PrintStream out) {
        this.out = out;
    }

    /** Picocli's model of this command; its help lists the scenarios below the options. */
    @Spec
    private void spec(CommandSpec spec) {
        this.spec = spec;
        Map<String, String> scenarios = new LinkedHashMap<>();
        Scenario.ALL.values().forEach(scenario -> scenarios.put(scenario.name(), scenario.description()));
        HelpFooter.list(spec, scenarios);
    }

    @Override
    public Integer call() throws Exception {
        List<Scenario> scenarios = Usage.checked(
                spec, () -> scenario.equals("all") ? List.copyOf(Scenario.ALL.values()) : List.of(scenario(scenario)));
        if (events != null) {
            Usage.atLeast(spec, "--events", events, 1);
        }
        if (rate != null) {
            Usage.atLeast(spec, "--rate", rate, 0);
        }
        long loadSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        // Found (or refused, or built) before any broker starts.
        Path jar = appJar.locate();
        ChaosRun.Release previous = scenarios.stream().anyMatch(Scenario::upgrades) ? previousRelease() : null;
        List<ChaosRun.Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Scenario sized =
                    scenario.with(events != null ? events : scenario.events(), rate != null ? rate : scenario.rate());
            Path runDir = dir != null
                    ? Files.createDirectories(dir.resolve(scenario.name()))
                    : Files.createTempDirectory("orders-eos-chaos-" + scenario.name());
            ChaosRun.Result result;
            try (ChaosRun run = new ChaosRun(sized, loadSeed, jar, previous, runDir, out)) {
                result = run.run();
            }
            results.add(result);
            if (result.passed() && !keep) {
                deleteRecursively(runDir);
            } else {
                out.println("data and logs kept in " + runDir);
            }
        }
        printTable(results);
        return results.stream().allMatch(ChaosRun.Result::passed) ? 0 : 1;
    }

    /** The release the upgrade scenario starts from: the newest recorded one, its jar given or built. */
    private ChaosRun.Release previousRelease() throws IOException, InterruptedException {
        String name = Releases.previous().release();
        if (previousJar != null) {
            return new ChaosRun.Release(name, AppJar.locate(previousJar));
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
