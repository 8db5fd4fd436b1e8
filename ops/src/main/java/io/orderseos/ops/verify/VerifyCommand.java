package io.orderseos.ops.verify;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.AppConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code orders-eos-ops verify}: the exactly-once verifier as a command. Exit 0 passed, 1 failed. */
public final class VerifyCommand {
    public static final String USAGE =
            """
            usage: orders-eos-ops verify [--config FILE] [--bootstrap-servers HOST:PORT]
                                         [--http HOST:PORT,...] [--http-sample N]
                                         [--wait DURATION] [--compacted] [--max-diff N]
              Recomputes from the committed input what orders-eos must have produced and checks the
              committed order-status, customer-stats and orders-dlq topics (and the HTTP API of each
              instance given) against it. Exit 0 when every check holds, 1 with a diff otherwise.
              Run it when producers are stopped: it first waits for the app to consume everything.
              --config FILE       the app's configuration (topics, application.id, dedup window, size
                                  limits, client security); KAFKA_*/ORDERS_* variables apply as for the app
              --bootstrap-servers brokers (default: the configuration's bootstrap.servers)
              --http LIST         instances whose HTTP API to check, comma-separated (default: none)
              --http-sample N     ask each instance for N orders and N customers spread over the keys
                                  (default 0: every key)
              --wait DURATION     how long the app may take to drain its input (default PT5M)
              --compacted         check final values only (topics whose history compaction removed)
              --max-diff N        differences printed per check (default 20)""";

    private final PrintStream out;

    public VerifyCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Map<String, String> options) throws Exception {
        OrdersConfig app = AppConfig.load(options, System.getenv());
        Map<String, Object> client = AppConfig.client(app, options);
        List<String> http = options.containsKey("http")
                ? Arrays.stream(options.get("http").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList()
                : List.of();
        Verifier.Settings settings = new Verifier.Settings(
                client,
                app,
                http,
                Integer.parseInt(options.getOrDefault("http-sample", "0")),
                Duration.parse(options.getOrDefault("wait", "PT5M")),
                options.containsKey("compacted"),
                Integer.parseInt(options.getOrDefault("max-diff", "20")));
        return new Verifier(settings, out).verify() ? 0 : 1;
    }
}
