package io.orderseos.query;

import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The outcome of looking one key up in this instance's stores. The query layer knows nothing of
 * HTTP; the HTTP layer maps each case to a response.
 */
public sealed interface Lookup<T> {

    /** Served from a local store; {@code stale} when it is a standby replica, not the active one. */
    record Found<T>(T value, boolean stale) implements Lookup<T> {}

    /** The key's partition is active here and holds no such key. */
    record NotFound<T>() implements Lookup<T> {}

    /**
     * Another instance of the group hosts the key's partition. {@code standby} answers from this
     * instance's standby replica if one exists here and stale reads are allowed, else Unavailable:
     * to be used only when the owner cannot answer.
     */
    record Elsewhere<T>(HostInfo host, Supplier<Lookup<T>> standby) implements Lookup<T> {}

    /** Nobody can answer right now (rebalancing, restoring, starting); try again shortly. */
    record Unavailable<T>(String reason) implements Lookup<T> {}
}
