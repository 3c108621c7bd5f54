package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainMechanismTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final SaslContext SECURED = new SaslContext("example.org", true, ChannelBinding.none(), false);

    private final SaslMechanisms mechanisms = new SaslMechanisms(
            new InMemoryCredentialStore().with("juliet", ScramCredentials.derive("r0m30myr0m30", 4096, new SecureRandom())), SECRET, 4096);

    private SaslStep authenticate(SaslContext context, String message) {
        return mechanisms.create("PLAIN").orElseThrow().start(context).evaluate(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsCorrectPasswordCheckedAgainstStoredScramKey_rfc4616_2() {
        // When
        SaslStep step = authenticate(SECURED, "\0juliet\0r0m30myr0m30");

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
            assertThat(s.username()).isEqualTo("juliet");
            assertThat(s.additionalData()).isEmpty();
        });
    }

    @Test
    void rejectsWrongPasswordAndUnknownUserAlike_rfc6120_6_5_10() {
        // When
        SaslStep wrongPassword = authenticate(SECURED, "\0juliet\0wrong");
        SaslStep unknownUser = authenticate(SECURED, "\0romeo\0r0m30myr0m30");

        // Then
        assertThat(wrongPassword).isEqualTo(unknownUser).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, ""));
    }

    @Test
    void acceptsAuthzidEqualToOwnBareJid_rfc6120_6_3_8() {
        // When
        SaslStep step = authenticate(SECURED, "juliet@example.org\0juliet\0r0m30myr0m30");

        // Then
        assertThat(step).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void rejectsAuthzidOfSomeoneElse_rfc6120_6_5_6() {
        // When
        SaslStep step = authenticate(SECURED, "romeo@example.org\0juliet\0r0m30myr0m30");

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.INVALID_AUTHZID));
    }

    @Test
    void requiresTls_rfc6120_6_5_4() {
        // When
        SaslStep step = authenticate(new SaslContext("example.org", false, ChannelBinding.none(), false), "\0juliet\0r0m30myr0m30");

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.ENCRYPTION_REQUIRED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"juliet", "\0juliet", "\0\0secret", "\0juliet\0", "a\0juliet\0secret\0extra"})
    void rejectsMalformedMessage_rfc4616_2(String message) {
        // When
        SaslStep step = authenticate(SECURED, message);

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void sendsEmptyChallengeWithoutInitialResponse_rfc6120_6_4_2() {
        // Given
        SaslExchange exchange = mechanisms.create("PLAIN").orElseThrow().start(SECURED);

        // When
        SaslStep challenge = exchange.evaluate(new byte[0]);
        SaslStep result = exchange.evaluate("\0juliet\0r0m30myr0m30".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(challenge).isInstanceOfSatisfying(SaslStep.Challenge.class, c -> assertThat(c.data()).isEmpty());
        assertThat(result).isInstanceOf(SaslStep.Success.class);
    }
}
