package io.orderseos.query;

import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who answers a request for one key, decided from this instance's {@link Lookup}: the value here,
 * the owner's answer relayed, or a standby replica here when the owner cannot answer. The HTTP layer
 * maps each case to a response; the decision itself knows nothing of HTTP.
 *
 * @param <T> the stored value
 * @param <R> the owner's answer, as the transport that asked it carries it
 */
public sealed interface KeyAnswer<T, R> {

    /** The value, read here; {@code stale} when from a standby replica, not the active one. */
    record Value<T, R>(T value, boolean stale) implements KeyAnswer<T, R> {}

    /** No such key, as the store here says; {@code stale} when a standby replica here said it. */
    record Missing<T, R>(boolean stale) implements KeyAnswer<T, R> {}

    /** The owner's own answer, to be passed on as it is. */
    record Relayed<T, R>(R answer) implements KeyAnswer<T, R> {}

    /** Nobody can answer right now; try again shortly. */
    record Unavailable<T, R>(String reason) implements KeyAnswer<T, R> {}

    /**
     * The answer to a request whose lookup here gave {@code lookup}. A key owned elsewhere is asked of
     * its owner once: {@code owner} returns the owner's answer, or empty if it cannot answer
     * (unreachable, itself unavailable). A request that was itself forwarded here is never forwarded
     * again ({@code forwardedHere}): the group's metadata is moving, and two instances must not pass
     * a request back and forth. Without the owner, a standby replica here answers if the lookup allows
     * one (stale reads on); else the answer is unavailable.
     */
    static <T, R> KeyAnswer<T, R> decide(
            Lookup<T> lookup, boolean forwardedHere, Function<HostInfo, Optional<R>> owner) {
        if (lookup instanceof Lookup.Found<T> found) {
            return new Value<>(found.value(), found.stale());
        }
        if (lookup instanceof Lookup.NotFound<T>) {
            return new Missing<>(false);
        }
        if (lookup instanceof Lookup.Unavailable<T> unavailable) {
            return new Unavailable<>(unavailable.reason());
        }
        Lookup.Elsewhere<T> elsewhere = (Lookup.Elsewhere<T>) lookup;
        if (!forwardedHere) {
            Optional<R> relayed = owner.apply(elsewhere.host());
            if (relayed.isPresent()) {
                return new Relayed<>(relayed.get());
            }
        }
        Lookup<T> standby = elsewhere.standby().get();
        if (standby instanceof Lookup.Found<T> found) {
            return new Value<>(found.value(), true);
        }
        if (standby instanceof Lookup.NotFound<T>) {
            return new Missing<>(true);
        }
        return new Unavailable<>(
                "owner " + elsewhere.host().host() + ":" + elsewhere.host().port() + " cannot answer");
    }
}
