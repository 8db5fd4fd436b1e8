package io.orderseos.config;

import static io.orderseos.config.HttpSecurityConfig.AUTH_TOKEN;
import static io.orderseos.config.HttpSecurityConfig.TLS_CLIENT_AUTH;
import static io.orderseos.config.HttpSecurityConfig.TLS_KEYSTORE_LOCATION;
import static io.orderseos.config.HttpSecurityConfig.TLS_KEYSTORE_PASSWORD;
import static io.orderseos.config.HttpSecurityConfig.TLS_KEY_PASSWORD;
import static io.orderseos.config.HttpSecurityConfig.TLS_TRUSTSTORE_LOCATION;
import static io.orderseos.config.HttpSecurityConfig.TLS_TRUSTSTORE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class HttpSecurityConfigTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void everythingIsOffByDefault() {
        HttpSecurityConfig security = OrdersConfig.defaults().httpSecurity();

        assertThat(security.tlsEnabled()).isFalse();
        assertThat(security.clientCertificateRequired()).isFalse();
        assertThat(security.token()).isNull();
    }

    @Test
    void tlsWithClientCertificatesAndTokenIsAccepted() {
        HttpSecurityConfig security = OrdersConfig.of(Map.of(
                        TLS_KEYSTORE_LOCATION, "/etc/orders/http.p12",
                        TLS_KEYSTORE_PASSWORD, "pw-keystore",
                        TLS_TRUSTSTORE_LOCATION, "/etc/orders/ca.p12",
                        TLS_CLIENT_AUTH, "required",
                        AUTH_TOKEN, TOKEN))
                .httpSecurity();

        assertThat(security.tlsEnabled()).isTrue();
        assertThat(security.clientCertificateRequired()).isTrue();
        assertThat(security.token().value()).isEqualTo(TOKEN);
        assertThat(security.keyPassword().value()).as("the keystore's").isEqualTo("pw-keystore");
        assertThat(security.keystoreType()).isEqualTo("PKCS12");
    }

    @Test
    void clientCertificatesNeedATruststore() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(
                        TLS_KEYSTORE_LOCATION, "/etc/orders/http.p12",
                        TLS_KEYSTORE_PASSWORD, "pw",
                        TLS_CLIENT_AUTH, "required")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TLS_CLIENT_AUTH)
                .hasMessageContaining(TLS_TRUSTSTORE_LOCATION);
    }

    @Test
    void tlsSettingsWithoutAKeystoreAreRefused() {
        for (String key : new String[] {TLS_TRUSTSTORE_LOCATION, TLS_CLIENT_AUTH, TLS_KEYSTORE_PASSWORD}) {
            String value = key.equals(TLS_CLIENT_AUTH) ? "none" : "x";
            assertThatThrownBy(() -> OrdersConfig.of(Map.of(key, value)))
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("TLS is off");
        }
    }

    @Test
    void aKeystoreNeedsItsPassword() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(TLS_KEYSTORE_LOCATION, "/etc/orders/http.p12")))
                .hasMessageContaining(TLS_KEYSTORE_PASSWORD);
    }

    @Test
    void truststorePasswordWithoutTruststoreIsRefused() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(
                        TLS_KEYSTORE_LOCATION, "/k.p12",
                        TLS_KEYSTORE_PASSWORD, "pw",
                        TLS_TRUSTSTORE_PASSWORD, "pw")))
                .hasMessageContaining(TLS_TRUSTSTORE_PASSWORD)
                .hasMessageContaining(TLS_TRUSTSTORE_LOCATION);
    }

    @Test
    void clientAuthIsNoneOrRequired() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(
                        TLS_KEYSTORE_LOCATION, "/k.p12", TLS_KEYSTORE_PASSWORD, "pw", TLS_CLIENT_AUTH, "optional")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TLS_CLIENT_AUTH)
                .hasMessageContaining("none")
                .hasMessageContaining("required");
    }

    @Test
    void anEmptyTokenDoesNotTurnAuthenticationOff() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(AUTH_TOKEN, " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AUTH_TOKEN)
                .hasMessageContaining("empty");
    }

    @Test
    void aShortTokenIsRefusedWithoutBeingPrinted() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(AUTH_TOKEN, "hunter2hunter2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AUTH_TOKEN)
                .hasMessageContaining("at least 16")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aTokenMustBeValidInAHeader() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(AUTH_TOKEN, "correct horse battery staple")))
                .hasMessageContaining(AUTH_TOKEN)
                .hasMessageNotContaining("horse");
    }

    @Test
    void unknownHttpKeyIsRejected() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("orders.http.tls.keystore.pasword", "pw")))
                .hasMessageContaining("orders.http.tls.keystore.pasword")
                .hasMessageContaining("unknown orders-eos setting")
                .hasMessageContaining(TLS_KEYSTORE_PASSWORD);
    }

    @Test
    void secretsAreMaskedAndNeverGivenToKafka() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                TLS_KEYSTORE_LOCATION, "/k.p12",
                TLS_KEYSTORE_PASSWORD, "pw-keystore-secret",
                TLS_KEY_PASSWORD, "pw-key-secret",
                TLS_TRUSTSTORE_LOCATION, "/t.p12",
                TLS_TRUSTSTORE_PASSWORD, "pw-truststore-secret",
                AUTH_TOKEN, TOKEN));

        assertThat(config.toString() + config.httpSecurity())
                .doesNotContain("secret")
                .doesNotContain(TOKEN)
                .contains("[hidden]");
        assertThat(config.kafkaProperties().keySet()).noneMatch(HttpSecurityConfig.KEYS::contains);
        assertThat(config.kafkaProperties().values().toString())
                .doesNotContain("secret")
                .doesNotContain(TOKEN);
    }
}
