package io.orderseos.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One instance's meters, served at {@code /metrics} in the Prometheus text format: Kafka Streams'
 * metrics (its clients' and the app's own {@link OrdersMetrics} sensors included) through
 * Micrometer's {@link KafkaStreamsMetrics}, the JVM's, and the app's own counters, which register
 * with {@link #registry()}. Closing it stops the binders and unregisters their meters.
 */
public final class AppMeters implements AutoCloseable {
    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScrapeRefresh refresh = new ScrapeRefresh();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private KafkaStreamsMetrics kafka;

    /** Where the app's own counters register. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Binds the JVM's metrics and those of {@code streams}; once, before it starts. */
    public void bind(KafkaStreams streams) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        kafka = new KafkaStreamsMetrics(streams, Tags.empty(), refresh);
        kafka.bindTo(registry);
    }

    /** Every meter as it is now, in {@link #CONTENT_TYPE}. */
    public String scrape() {
        refresh.refreshNow();
        return registry.scrape();
    }

    @Override
    public void close() {
        refresh.shutdownNow(); // first: a refresh after the binder's close would register its meters again
        if (kafka != null) {
            kafka.close();
        }
        gc.close();
        registry.close();
    }
}
