package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {
    private final SaslMechanisms mechanisms = new SaslMechanisms(new InMemoryCredentialStore(),
            "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), 4096);
    private final ChannelBinding exporter = ChannelBinding.of(Map.of(ChannelBinding.TLS_EXPORTER, new byte[32]));

    @Test
    void offersPlusFirstAndPlainLastUnderTlsWithChannelBinding_rfc6120_6_4_1() {
        // When
        var offered = mechanisms.offered(true, exporter);

        // Then
        assertThat(offered).containsExactly("SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS",
                "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void offersNeitherPlusNorPlainOnPlaintext_rfc6120_13_8_3() {
        // When
        var offered = mechanisms.offered(false, ChannelBinding.none());

        // Then
        assertThat(offered).containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1");
    }

    @Test
    void offersNoPlusWhenTlsHasNoChannelBinding() {
        // When: TLS terminated by a proxy, for example
        var offered = mechanisms.offered(true, ChannelBinding.none());

        // Then
        assertThat(offered).containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void createsEveryOfferedMechanismByName() {
        // When / Then
        mechanisms.offered(true, exporter).forEach(name ->
                assertThat(mechanisms.create(name)).hasValueSatisfying(m -> assertThat(m.name()).isEqualTo(name)));
        assertThat(mechanisms.create("DIGEST-MD5")).isEmpty();
    }

    @Test
    void refusesToStartMechanismNotOfferedOnThisConnection_rfc6120_6_5_5() {
        // Given
        SaslContext plaintext = new SaslContext("example.org", false, ChannelBinding.none(), false);

        // When / Then
        assertThat(mechanisms.start("PLAIN", plaintext)).isEmpty();
        assertThat(mechanisms.start("SCRAM-SHA-256-PLUS", plaintext)).isEmpty();
        assertThat(mechanisms.start("SCRAM-SHA-256", plaintext)).isPresent();
    }

    @Test
    void namesFailureConditionsAsRfc6120_6_5() {
        assertThat(SaslFailure.NOT_AUTHORIZED.toXmpp()).isEqualTo("not-authorized");
        assertThat(SaslFailure.TEMPORARY_AUTH_FAILURE.toXmpp()).isEqualTo("temporary-auth-failure");
        assertThat(SaslFailure.INVALID_AUTHZID.toXmpp()).isEqualTo("invalid-authzid");
    }

    @Test
    void decodesEqualsSignAsEmptyResponse_rfc6120_6_4_2() {
        assertThat(SaslText.decodeBase64("=")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(SaslText.decodeBase64("biws")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("n,,"));
        assertThat(SaslText.decodeBase64("b!ws")).isEmpty();
        assertThat(SaslText.encodeBase64(new byte[0])).isEqualTo("=");
    }
}
