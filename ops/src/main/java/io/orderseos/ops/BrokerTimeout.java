package io.orderseos.ops;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}, a picocli mixin: how long each call to the brokers may take, alike in every command that bounds them. */
public final class BrokerTimeout {
    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "how long each call to the brokers may take (default ${DEFAULT-VALUE})")
    private Duration timeout = Duration.ofSeconds(30);

    public Duration get() {
        return timeout;
    }
}
