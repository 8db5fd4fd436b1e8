package io.orderseos.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
    private final AtomicLong now = new AtomicLong();
    private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(2, Duration.ofMinutes(10), now::get);
    private final RuntimeException fault = new IllegalStateException("store failed");

    @Test
    void transientFaultsReplaceTheThread() {
        assertThat(policy.handle(fault)).isEqualTo(REPLACE_THREAD);
        assertThat(policy.handle(fault)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void repeatedFaultsWithinTheWindowShutTheInstanceDown() {
        policy.handle(fault);
        policy.handle(fault);

        assertThat(policy.handle(fault)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void faultsOutsideTheWindowAreForgotten() {
        policy.handle(fault);
        policy.handle(fault);
        now.addAndGet(Duration.ofMinutes(10).toMillis());

        assertThat(policy.handle(fault)).isEqualTo(REPLACE_THREAD);
    }
}
