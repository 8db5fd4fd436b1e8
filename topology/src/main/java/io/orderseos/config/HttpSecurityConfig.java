package io.orderseos.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * TLS and authentication of the HTTP API, all optional and off unless set: TLS is on when a
 * keystore is given; a bearer token and client certificates are each required when configured, on
 * every endpoint except {@code /health/live}. Defined with Kafka's own {@link ConfigDef}, so
 * passwords are {@link Password}s ({@code [hidden]} when printed) and a bad value names its key.
 *
 * <p>Only the combinations are checked here; whether the key stores can be read is checked when the
 * HTTP server is built, before anything else starts.
 */
public final class HttpSecurityConfig {
    public static final String TLS_KEYSTORE_LOCATION = "orders.http.tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "orders.http.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "orders.http.tls.keystore.type";
    public static final String TLS_KEY_PASSWORD = "orders.http.tls.key.password";
    public static final String TLS_TRUSTSTORE_LOCATION = "orders.http.tls.truststore.location";
    public static final String TLS_TRUSTSTORE_PASSWORD = "orders.http.tls.truststore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "orders.http.tls.truststore.type";
    public static final String TLS_CLIENT_AUTH = "orders.http.tls.client.auth";
    public static final String AUTH_TOKEN = "orders.http.auth.token";

    /** A token shorter than this is refused: it travels with every request and must resist guessing. */
    static final int MIN_TOKEN_LENGTH = 16;

    private static final ConfigDef DEFINITION = newDefinition();

    private static ConfigDef newDefinition() {
        ConfigDef definition = new ConfigDef();
        new ConfigGroup(definition, "HTTP API security")
                .define(
                        TLS_KEYSTORE_LOCATION,
                        Type.STRING,
                        null,
                        null,
                        Importance.HIGH,
                        "PKCS12 or JKS keystore with this instance's key and certificate; setting it turns on TLS"
                                + " for the HTTP API and for forwarding between instances")
                .define(
                        TLS_KEYSTORE_PASSWORD,
                        Type.PASSWORD,
                        null,
                        null,
                        Importance.HIGH,
                        "its password (required with a keystore)")
                .define(
                        TLS_KEYSTORE_TYPE,
                        Type.STRING,
                        "PKCS12",
                        ValidString.in("PKCS12", "JKS"),
                        Importance.LOW,
                        "the keystore's format")
                .define(
                        TLS_KEY_PASSWORD,
                        Type.PASSWORD,
                        null,
                        null,
                        Importance.LOW,
                        "the private key's password, if it differs from the keystore's")
                .define(
                        TLS_TRUSTSTORE_LOCATION,
                        Type.STRING,
                        null,
                        null,
                        Importance.HIGH,
                        "CAs trusted for client certificates and for the other instances' certificates (none:"
                                + " the JDK's CAs)")
                .define(
                        TLS_TRUSTSTORE_PASSWORD,
                        Type.PASSWORD,
                        null,
                        null,
                        Importance.MEDIUM,
                        "the truststore's password")
                .define(
                        TLS_TRUSTSTORE_TYPE,
                        Type.STRING,
                        "PKCS12",
                        ValidString.in("PKCS12", "JKS"),
                        Importance.LOW,
                        "the truststore's format")
                .define(
                        TLS_CLIENT_AUTH,
                        Type.STRING,
                        "none",
                        ValidString.in("none", "required"),
                        Importance.HIGH,
                        "`required`: every endpoint but `/health/live` needs a client certificate the truststore"
                                + " trusts (else 403); needs a truststore")
                .define(
                        AUTH_TOKEN,
                        Type.PASSWORD,
                        null,
                        null,
                        Importance.HIGH,
                        "bearer token every endpoint but `/health/live` requires (else 401); at least "
                                + MIN_TOKEN_LENGTH + " characters of RFC 6750 token syntax (`openssl rand -hex 32`)");
        return definition;
    }

    /** Every key of this group; none has to be set. */
    public static final Set<String> KEYS = Set.copyOf(DEFINITION.names());

    private static final HttpSecurityConfig NONE = new HttpSecurityConfig(DEFINITION.parse(Map.of()));

    private final String keystoreLocation;
    private final Password keystorePassword;
    private final String keystoreType;
    private final Password keyPassword;
    private final String truststoreLocation;
    private final Password truststorePassword;
    private final String truststoreType;
    private final boolean clientCertificateRequired;
    private final Password token;

    private HttpSecurityConfig(Map<String, Object> parsed) {
        this.keystoreLocation = (String) parsed.get(TLS_KEYSTORE_LOCATION);
        this.keystorePassword = (Password) parsed.get(TLS_KEYSTORE_PASSWORD);
        this.keystoreType = (String) parsed.get(TLS_KEYSTORE_TYPE);
        this.keyPassword = (Password) parsed.get(TLS_KEY_PASSWORD);
        this.truststoreLocation = (String) parsed.get(TLS_TRUSTSTORE_LOCATION);
        this.truststorePassword = (Password) parsed.get(TLS_TRUSTSTORE_PASSWORD);
        this.truststoreType = (String) parsed.get(TLS_TRUSTSTORE_TYPE);
        this.clientCertificateRequired = "required".equals(parsed.get(TLS_CLIENT_AUTH));
        this.token = (Password) parsed.get(AUTH_TOKEN);
    }

    /** The keys of this group as {@link OrdersConfig#definition()} has the app's others. A copy. */
    static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** No TLS, no authentication: the defaults. */
    public static HttpSecurityConfig none() {
        return NONE;
    }

    /**
     * The HTTP security settings among {@code values} (other keys are ignored).
     *
     * @throws ConfigException naming the key, for a bad value or a combination that cannot work
     */
    public static HttpSecurityConfig from(Map<String, String> values) {
        Map<String, String> own = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = values.get(key);
            if (value == null) {
                continue;
            }
            if (value.isBlank()) {
                // An empty token must not quietly mean "no authentication" (a templated variable left empty).
                throw new ConfigException(key, shown(key, value), "is empty; leave the key out to turn it off");
            }
            own.put(key, value.trim());
        }
        HttpSecurityConfig config = new HttpSecurityConfig(DEFINITION.parse(own));
        config.checkCombinations(own.keySet());
        return config;
    }

    private void checkCombinations(Set<String> given) {
        if (keystoreLocation == null) {
            for (String key : List.of(
                    TLS_KEYSTORE_PASSWORD,
                    TLS_KEYSTORE_TYPE,
                    TLS_KEY_PASSWORD,
                    TLS_TRUSTSTORE_LOCATION,
                    TLS_TRUSTSTORE_PASSWORD,
                    TLS_TRUSTSTORE_TYPE,
                    TLS_CLIENT_AUTH)) {
                if (given.contains(key)) {
                    throw new ConfigException(key + " is set but TLS is off: set " + TLS_KEYSTORE_LOCATION
                            + " to turn it on, or remove " + key);
                }
            }
        } else if (keystorePassword == null) {
            throw new ConfigException(TLS_KEYSTORE_PASSWORD + " is required with " + TLS_KEYSTORE_LOCATION);
        }
        if (truststoreLocation == null) {
            if (clientCertificateRequired) {
                // The JDK's default CAs would accept a certificate any public CA issued to anyone.
                throw new ConfigException(
                        TLS_CLIENT_AUTH,
                        "required",
                        "needs " + TLS_TRUSTSTORE_LOCATION + " (the CAs whose client certificates are accepted)");
            }
            for (String key : List.of(TLS_TRUSTSTORE_PASSWORD, TLS_TRUSTSTORE_TYPE)) {
                if (given.contains(key)) {
                    throw new ConfigException(key + " is set without " + TLS_TRUSTSTORE_LOCATION);
                }
            }
        }
        if (token != null) {
            String value = token.value();
            if (value.length() < MIN_TOKEN_LENGTH) {
                throw new ConfigException(
                        AUTH_TOKEN, Password.HIDDEN, "must be at least " + MIN_TOKEN_LENGTH + " characters long");
            }
            // RFC 6750 b64token: what may follow "Bearer " in a header (e.g. openssl rand -hex 32 or -base64 32).
            if (!value.matches("[A-Za-z0-9._~+/-]+=*")) {
                throw new ConfigException(
                        AUTH_TOKEN,
                        Password.HIDDEN,
                        "may hold only letters, digits and - . _ ~ + / (then = padding), as a bearer token must");
            }
        }
    }

    private static String shown(String key, String value) {
        return DEFINITION.configKeys().get(key).type == Type.PASSWORD ? Password.HIDDEN : "'" + value + "'";
    }

    /** Whether the HTTP API speaks TLS (https), here and when forwarding to other instances. */
    public boolean tlsEnabled() {
        return keystoreLocation != null;
    }

    public String keystoreLocation() {
        return keystoreLocation;
    }

    public Password keystorePassword() {
        return keystorePassword;
    }

    public String keystoreType() {
        return keystoreType;
    }

    /** The private key's password: {@link #TLS_KEY_PASSWORD} if set, else the keystore's. */
    public Password keyPassword() {
        return keyPassword != null ? keyPassword : keystorePassword;
    }

    /** The truststore, or null for the JDK's default CAs. */
    public String truststoreLocation() {
        return truststoreLocation;
    }

    /** The truststore's password, or null. */
    public Password truststorePassword() {
        return truststorePassword;
    }

    public String truststoreType() {
        return truststoreType;
    }

    /** Whether every request but liveness needs a client certificate the truststore trusts. */
    public boolean clientCertificateRequired() {
        return clientCertificateRequired;
    }

    /** The bearer token every request but liveness must carry, or null when none is required. */
    public Password token() {
        return token;
    }

    @Override
    public String toString() {
        return "HttpSecurityConfig{tls=" + tlsEnabled() + ", clientCertificates="
                + (clientCertificateRequired ? "required" : "none") + ", token=" + (token == null ? "none" : token)
                + "}";
    }
}
