package io.orderseos.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to other instances of the group. The caller passes a host the group's metadata names and
 * a path it built itself; nothing of the incoming request (its Host header, URI or other headers)
 * reaches the outgoing one. Each request carries this instance's credentials and the hop marker,
 * follows no redirect, and is bounded in time (the forward timeout covers connecting, the TLS
 * handshake and the whole answer) and in size ({@link #MAX_ANSWER_BYTES}).
 */
final class Peers {
    /** An answer longer than this is not an instance's: the largest page of customers is far smaller. */
    static final int MAX_ANSWER_BYTES = 4 << 20;

    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final HttpClient client;
    private final String scheme;
    private final Access access;
    private final Duration timeout;
    private final String self;
    private final AtomicLong lastRefusalWarning = new AtomicLong(Long.MIN_VALUE / 2);

    Peers(SSLContext tls, Access access, Duration timeout, HostInfo self) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls); // host names are verified: the certificate must name the host asked
        }
        this.client = builder.build();
        this.scheme = tls == null ? "http" : "https";
        this.access = access;
        this.timeout = timeout;
        this.self = hostString(self);
    }

    /** What another instance answered. */
    record Answer(int status, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        byte[] body() {
            return response.body();
        }
    }

    /**
     * {@code GET pathAndQuery} on {@code host}; completes exceptionally if the host cannot be reached,
     * does not answer within the forward timeout, or answers more than {@link #MAX_ANSWER_BYTES}.
     */
    CompletableFuture<Answer> get(HostInfo host, String pathAndQuery) {
        HttpRequest request;
        try {
            URI base = new URI(scheme, null, host.host(), host.port(), null, null, null);
            request = access.withCredentials(HttpRequest.newBuilder(URI.create(base + pathAndQuery)))
                    .timeout(timeout)
                    .header(HttpApi.FORWARDED_BY, self)
                    .GET()
                    .build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IOException("not a host to ask: " + hostString(host), e));
        }
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request, info -> new LimitedBody());
        CompletableFuture<HttpResponse<byte[]>> bounded =
                sent.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return bounded.handle((response, failure) -> {
            if (failure != null) {
                sent.cancel(true); // also stops reading an answer that trickles in
                throw new CompletionException(failure);
            }
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                warnRefused(host, response.statusCode());
            }
            return new Answer(response.statusCode(), response);
        });
    }

    /**
     * Whether {@code answer} is an answer to relay: 200 or 404 in JSON from an orders-eos instance
     * that names itself as {@code host}. Anything else (another server at an address a group member
     * advertised, a refusal, an error) is treated as "the owner cannot answer".
     */
    static boolean relayable(Answer answer, HostInfo host) {
        return (answer.status() == 200 || answer.status() == 404)
                && hostString(host).equals(answer.header(HttpApi.SERVED_BY))
                && "application/json".equals(answer.header("Content-Type"));
    }

    private void warnRefused(HostInfo host, int status) {
        long now = System.currentTimeMillis();
        long last = lastRefusalWarning.get();
        if (now - last >= WARN_EVERY_MS && lastRefusalWarning.compareAndSet(last, now)) {
            log.warn(
                    "Instance {} refused a forwarded request ({}): every instance needs the same token and a"
                            + " certificate the others trust (at most one such warning a minute)",
                    hostString(host),
                    status);
        }
    }

    static String hostString(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /** Collects an answer's body up to {@link #MAX_ANSWER_BYTES}, then gives up. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("answer longer than " + MAX_ANSWER_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
