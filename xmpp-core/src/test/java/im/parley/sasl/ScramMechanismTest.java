package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramMechanismTest {
    private static final String DOMAIN = "example.org";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXPORTER = new byte[32];
    private static final SaslContext PLAINTEXT = new SaslContext(DOMAIN, false, ChannelBinding.none(), false);

    static {
        for (int i = 0; i < EXPORTER.length; i++) {
            EXPORTER[i] = (byte) i;
        }
    }

    private final InMemoryCredentialStore store = new InMemoryCredentialStore()
            .with("juliet", ScramCredentials.derive("r0m30myr0m30", 4096, new SecureRandom()));
    private final SaslMechanisms mechanisms = new SaslMechanisms(store, SECRET, 4096, () -> "SERVERNONCE");

    private static ScramCredential rfcCredential(ScramHash hash, String base64Salt) {
        return ScramCredentials.derive(hash, "pencil".getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(base64Salt), 4096);
    }

    private static SaslContext tls(boolean plusOffered) {
        return new SaslContext(DOMAIN, true, ChannelBinding.of(Map.of(ChannelBinding.TLS_EXPORTER, EXPORTER)), plusOffered);
    }

    private SaslExchange start(String mechanism, SaslContext context) {
        return mechanisms.create(mechanism).orElseThrow().start(context);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), StandardCharsets.UTF_8);
    }

    @Test
    void replaysScramSha1Example_rfc5802_5() {
        // Given: user "user", password "pencil", the salt and iterations of RFC 5802 §5, and its server nonce
        InMemoryCredentialStore rfcStore = new InMemoryCredentialStore().with("user", java.util.List.of(rfcCredential(ScramHash.SHA_1, "QSXCR+Q6sek8bf92")));
        SaslExchange exchange = new SaslMechanisms(rfcStore, SECRET, 4096, () -> "3rfcNHYJY1ZVvWVs7j")
                .create("SCRAM-SHA-1").orElseThrow().start(PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(utf8("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        SaslStep last = exchange.evaluate(utf8("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));

        // Then: exactly the server messages of the RFC
        assertThat(text(first)).isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, success -> {
            assertThat(success.username()).isEqualTo("user");
            assertThat(new String(success.additionalData(), StandardCharsets.UTF_8)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
        });
    }

    @Test
    void replaysScramSha256Example_rfc7677_3() {
        // Given: RFC 7677 §3's salt, iterations and server nonce
        InMemoryCredentialStore rfcStore = new InMemoryCredentialStore().with("user", java.util.List.of(rfcCredential(ScramHash.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==")));
        SaslExchange exchange = new SaslMechanisms(rfcStore, SECRET, 4096, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
                .create("SCRAM-SHA-256").orElseThrow().start(PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(utf8("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        SaslStep last = exchange.evaluate(utf8("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));

        // Then
        assertThat(text(first)).isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, success ->
                assertThat(new String(success.additionalData(), StandardCharsets.UTF_8)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    @Test
    void completesScramSha512RoundTrip() {
        // Given
        ScramTestClient client = ScramTestClient.plain(ScramHash.SHA_512, "juliet", "clientnonce");
        SaslExchange exchange = start("SCRAM-SHA-512", PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then: the server proves it knows the key (v=), and the nonce starts with the client's (RFC 5802 §5.1)
        assertThat(text(first)).startsWith("r=clientnonceSERVERNONCE,s=").endsWith(",i=4096");
        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, success -> {
            assertThat(success.username()).isEqualTo("juliet");
            assertThat(new String(success.additionalData(), StandardCharsets.UTF_8)).isEqualTo(client.expectedServerFinal());
        });
        assertThat(exchange.username()).contains("juliet");
    }

    @Test
    void asksForClientFirstMessageWithEmptyChallengeWhenNoInitialResponse_rfc6120_6_4_2() {
        // Given
        ScramTestClient client = ScramTestClient.plain(ScramHash.SHA_256, "juliet", "abc");
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);

        // When
        SaslStep empty = exchange.evaluate(new byte[0]);
        SaslStep first = exchange.evaluate(client.clientFirst());

        // Then
        assertThat(text(empty)).isEmpty();
        assertThat(text(first)).startsWith("r=abcSERVERNONCE");
    }

    @Test
    void acceptsPlusWithMatchingChannelBinding_rfc5802_6_rfc9266() {
        // Given: the client binds to the same tls-exporter bytes the connection has
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "p=tls-exporter,,", EXPORTER, "juliet", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256-PLUS", tls(true));

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then
        assertThat(last).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void rejectsPlusWithMismatchingChannelBinding_rfc5802_6() {
        // Given: a man in the middle terminates TLS, so the client sees other exporter bytes
        byte[] other = EXPORTER.clone();
        other[0] ^= 1;
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "p=tls-exporter,,", other, "juliet", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256-PLUS", tls(true));

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then: even with the right password
        assertThat(last).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "channel-binding data does not match"));
    }

    @Test
    void rejectsPlusWithChannelBindingTypeTheConnectionLacks_rfc5802_6() {
        // Given: the connection only has tls-exporter
        SaslExchange exchange = start("SCRAM-SHA-1-PLUS", tls(true));

        // When
        SaslStep step = exchange.evaluate(utf8("p=tls-unique,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.NOT_AUTHORIZED));
    }

    @Test
    void rejectsPlusMechanismWithoutChannelBindingFlag_rfc5802_6() {
        // When
        SaslStep step = start("SCRAM-SHA-256-PLUS", tls(true)).evaluate(utf8("n,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void rejectsChannelBindingOnNonPlusMechanism_rfc5802_6() {
        // When
        SaslStep step = start("SCRAM-SHA-256", tls(true)).evaluate(utf8("p=tls-exporter,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void detectsDowngradeWhenClientSaysYButPlusWasOffered_rfc5802_6() {
        // When: "y" = the client can bind but believes we cannot, yet we offered -PLUS
        SaslStep step = start("SCRAM-SHA-256", tls(true)).evaluate(utf8("y,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.NOT_AUTHORIZED));
    }

    @Test
    void acceptsYWhenPlusWasNotOffered_rfc5802_6() {
        // Given
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "y,,", new byte[0], "juliet", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256", tls(false));

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then: c= carries "y,," (base64 "eSws")
        assertThat(last).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void unknownUserLooksAndFailsLikeWrongPassword_rfc5802_9() {
        // Given
        ScramTestClient wrongPassword = ScramTestClient.plain(ScramHash.SHA_256, "juliet", "n1");
        ScramTestClient unknownUser = ScramTestClient.plain(ScramHash.SHA_256, "romeo", "n1");
        SaslExchange known = start("SCRAM-SHA-256", PLAINTEXT);
        SaslExchange unknown = start("SCRAM-SHA-256", PLAINTEXT);
        SaslExchange unknownAgain = start("SCRAM-SHA-256", PLAINTEXT);

        // When
        String knownFirst = text(known.evaluate(wrongPassword.clientFirst()));
        String unknownFirst = text(unknown.evaluate(unknownUser.clientFirst()));
        String unknownFirstAgain = text(unknownAgain.evaluate(unknownUser.clientFirst()));
        SaslStep knownLast = known.evaluate(wrongPassword.clientFinal(utf8(knownFirst), "wrong"));
        SaslStep unknownLast = unknown.evaluate(unknownUser.clientFinal(utf8(unknownFirst), "wrong"));

        // Then: same shape of challenge, a stable salt for the unknown name, and the same failure
        byte[] knownSalt = Base64.getDecoder().decode(ScramTestClient.attribute(knownFirst, "s"));
        byte[] unknownSalt = Base64.getDecoder().decode(ScramTestClient.attribute(unknownFirst, "s"));
        assertThat(unknownSalt).hasSameSizeAs(knownSalt);
        assertThat(ScramTestClient.attribute(unknownFirst, "i")).isEqualTo(ScramTestClient.attribute(knownFirst, "i"));
        assertThat(unknownFirstAgain).isEqualTo(unknownFirst);
        assertThat(unknownLast).isEqualTo(knownLast).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, ""));
    }

    @Test
    void unknownUserFailsEvenWithTheDecoyKeysProof() {
        // Given: an account that does not exist; its decoy keys must never let anyone in
        ScramTestClient client = ScramTestClient.plain(ScramHash.SHA_1, "nobody", "n1");
        SaslExchange exchange = start("SCRAM-SHA-1", PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), ""  + "x"));

        // Then
        assertThat(last).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, ""));
    }

    @Test
    void decodesEscapedCommaAndEqualsInUsername_rfc5802_5_1() {
        // Given: account "a,b=c", sent as "a=2Cb=3Dc"
        store.with("a,b=c", ScramCredentials.derive("secret", 4096, new SecureRandom()));
        ScramTestClient client = ScramTestClient.plain(ScramHash.SHA_256, "a=2Cb=3Dc", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "secret"));

        // Then
        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> assertThat(s.username()).isEqualTo("a,b=c"));
    }

    @Test
    void nodeprepsUsername_rfc6120_6_3_7() {
        // Given: "JULIET" is the account "juliet"
        ScramTestClient client = ScramTestClient.plain(ScramHash.SHA_256, "JULIET", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then
        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> assertThat(s.username()).isEqualTo("juliet"));
    }

    @Test
    void acceptsAuthzidThatIsTheUsersBareJid_rfc6120_6_3_8() {
        // Given
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "n,a=juliet@example.org,", new byte[0], "juliet", "n1");
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "r0m30myr0m30"));

        // Then
        assertThat(last).isInstanceOf(SaslStep.Success.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n,a=romeo@example.org,n=juliet,r=abc", "n,a=juliet@example.com,n=juliet,r=abc", "n,a=juliet@example.org/balcony,n=juliet,r=abc"})
    void rejectsAuthzidOfAnotherEntity_rfc6120_6_5_6(String clientFirst) {
        // When
        SaslStep step = start("SCRAM-SHA-256", PLAINTEXT).evaluate(utf8(clientFirst));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.INVALID_AUTHZID));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "n,,", "x,,n=juliet,r=abc", "n,n=juliet,r=abc", "n,,r=abc,n=juliet", "n,,n=juliet", "n,,n=ju=liet,r=abc",
        "n,,m=ext,n=juliet,r=abc", "n,,n=juliet,r=", "n,b=x,n=juliet,r=abc", "p=,,n=juliet,r=abc", "n,a=,n=juliet,r=abc"})
    void rejectsMalformedClientFirstMessage_rfc5802_7(String clientFirst) {
        // When
        SaslStep step = start("SCRAM-SHA-256", PLAINTEXT).evaluate(utf8(clientFirst));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void rejectsClientFirstMessageThatIsNotUtf8() {
        // When
        SaslStep step = start("SCRAM-SHA-256", PLAINTEXT).evaluate(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, 'r'});

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "r=x,c=biws,p=AAAA", "c=biws,r=abcSERVERNONCE", "c=biws,p=AAAA"})
    void rejectsMalformedClientFinalMessage_rfc5802_7(String clientFinal) {
        // Given
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);
        exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // When
        SaslStep step = exchange.evaluate(utf8(clientFinal));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void rejectsInvalidBase64InClientFinal_rfc6120_6_5_2() {
        // Given
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);
        exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // When
        SaslStep step = exchange.evaluate(utf8("c=biws,r=abcSERVERNONCE,p=!!!"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.INCORRECT_ENCODING));
    }

    @Test
    void rejectsFinalMessageWithAnotherNonce_rfc5802_5_1() {
        // Given
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);
        exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // When
        SaslStep step = exchange.evaluate(utf8("c=biws,r=abcOTHER,p=AAAA"));

        // Then
        assertThat(step).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "nonce does not match"));
    }

    @Test
    void rejectsFinalMessageWhoseGs2HeaderDiffers_rfc5802_7() {
        // Given: the client started with "n,," but claims "y,," (eSws) in c=
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);
        exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // When
        SaslStep step = exchange.evaluate(utf8("c=eSws,r=abcSERVERNONCE,p=AAAA"));

        // Then
        assertThat(step).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "channel-binding data does not match"));
    }

    @Test
    void answersTemporaryAuthFailureWhenStorageFails_rfc6120_6_5_11() {
        // Given
        SaslExchange exchange = new SaslMechanisms(new InMemoryCredentialStore().failing(), SECRET, 4096)
                .create("SCRAM-SHA-1").orElseThrow().start(PLAINTEXT);

        // When
        SaslStep step = exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.TEMPORARY_AUTH_FAILURE));
    }

    @Test
    void refusesEveryStepAfterTheExchangeEnded() {
        // Given
        SaslExchange exchange = start("SCRAM-SHA-256", PLAINTEXT);
        exchange.evaluate(utf8("garbage"));

        // When
        SaslStep step = exchange.evaluate(utf8("n,,n=juliet,r=abc"));

        // Then
        assertThat(step).isInstanceOfSatisfying(SaslStep.Failure.class, f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }
}
