package io.orderseos.ops.verify;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.AppConfig;
import io.orderseos.ops.Usage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orders-eos-ops verify}: the exactly-once verifier as a command. Exit 0 passed, 1 failed. */
@Command(
        name = "verify",
        header = "check that orders-eos processed its input exactly once (exit 1 if not)",
        description = {
            "Recomputes from the committed input what orders-eos must have produced and checks the committed"
                    + " order-status, customer-stats and orders-dlq topics (and the HTTP API of each instance given)"
                    + " against it.",
            "Run it when producers are stopped: it first waits for the app to consume everything."
        },
        exitCodeList = {"0:every check holds", "1:a check failed (with a diff)", "2:bad usage"})
public final class VerifyCommand implements Callable<Integer> {
    private final PrintStream out;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AppConfig appConfig = new AppConfig();

    @Option(
            names = "--http",
            paramLabel = "HOST:PORT",
            split = ",",
            description = "instances whose HTTP API to check, comma-separated (default: none)")
    private List<String> http = new ArrayList<>();

    @Option(
            names = "--http-sample",
            paramLabel = "N",
            description = "ask each instance for N orders and N customers spread over the keys"
                    + " (default ${DEFAULT-VALUE}: every key)")
    private int httpSample;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            description = "how long the app may take to drain its input (default ${DEFAULT-VALUE})")
    private Duration wait = Duration.ofMinutes(5);

    @Option(names = "--compacted", description = "check final values only (topics whose history compaction removed)")
    private boolean compacted;

    @Option(
            names = "--max-diff",
            paramLabel = "N",
            description = "differences printed per check (default ${DEFAULT-VALUE})")
    private int maxDiff = 20;

    public VerifyCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Usage.atLeast(spec, "--http-sample", httpSample, 0);
        Usage.atLeast(spec, "--max-diff", maxDiff, 0);
        OrdersConfig app = appConfig.load(System.getenv());
        Map<String, Object> client = appConfig.client(app);
        List<String> instances =
                http.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        Verifier.Settings settings =
                new Verifier.Settings(client, app, instances, httpSample, wait, compacted, maxDiff);
        return new Verifier(settings, out).verify() ? 0 : 1;
    }
}
