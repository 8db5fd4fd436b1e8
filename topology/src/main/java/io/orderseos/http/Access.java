package io.orderseos.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.orderseos.config.HttpSecurityConfig;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.kafka.common.config.types.Password;

/**
 * Who may call the API: with a token configured, a request must carry {@code Authorization: Bearer
 * <token>}; with client certificates required, it must come over a TLS connection on which the
 * client presented a certificate the truststore trusts. Both apply when both are configured. The
 * same credentials go with every request this instance forwards to another.
 *
 * <p>The handshake only asks for a client certificate ({@code wantClientAuth}); it is required here,
 * per request, so that {@code /health/live} stays open to probes that have none. A certificate that
 * is presented but not trusted still fails the handshake.
 */
final class Access {
    /** The outcome of checking one request. */
    enum Verdict {
        ALLOWED,
        NO_CERTIFICATE,
        NO_TOKEN,
        WRONG_TOKEN
    }

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer";

    private final Password token;
    private final byte[] tokenDigest;
    private final boolean certificateRequired;

    Access(HttpSecurityConfig config) {
        this.token = config.token();
        this.tokenDigest = token == null ? null : sha256(token.value());
        this.certificateRequired = config.clientCertificateRequired();
    }

    Verdict check(HttpExchange exchange) {
        if (certificateRequired && !hasClientCertificate(exchange)) {
            return Verdict.NO_CERTIFICATE;
        }
        if (tokenDigest == null) {
            return Verdict.ALLOWED;
        }
        List<String> values = exchange.getRequestHeaders().get(AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            return Verdict.NO_TOKEN;
        }
        if (values.size() > 1) {
            return Verdict.WRONG_TOKEN;
        }
        String value = values.get(0).trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase(BEARER)) {
            return Verdict.NO_TOKEN;
        }
        // Digests of equal length, compared in time independent of where they differ: the time an
        // answer takes says nothing about how much of a guess was right, not even its length.
        byte[] presented = sha256(value.substring(space + 1).trim());
        return MessageDigest.isEqual(presented, tokenDigest) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
    }

    /** Whether requests must carry the token. */
    boolean tokenRequired() {
        return tokenDigest != null;
    }

    /** Adds this instance's credentials to a request to another instance (the certificate is the TLS layer's). */
    HttpRequest.Builder withCredentials(HttpRequest.Builder request) {
        return token == null ? request : request.header(AUTHORIZATION, BEARER + " " + token.value());
    }

    private static boolean hasClientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return false;
        }
        try {
            return https.getSSLSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
