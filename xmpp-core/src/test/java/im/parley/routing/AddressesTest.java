package im.parley.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.JID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
            // RFC 7622 §3.3.1 / §3.2: localpart and domainpart are case-mapped; the resourcepart is not
            "Juliet@Example.com/Balcony, juliet@example.com/Balcony",
            "JULIET@EXAMPLE.COM, juliet@example.com",
            "Example.COM, example.com",
            "Σ@example.com, σ@example.com",
            // RFC 7622 §3.2: a trailing dot is stripped; an IP literal is not a name; U-labels, not punycode
            "juliet@example.com., juliet@example.com",
            "juliet@[::1]/balcony, juliet@[::1]/balcony",
            "juliet@BÜCHER.example, juliet@bücher.example",
            // ADR 011: a name written in A-labels stays in A-labels, as the fast path keeps it
            "JULIET@XN--BCHER-KVA.example, juliet@xn--bcher-kva.example",
            // a resource the RFC 6122 profile refuses (unassigned in Unicode 3.2) is kept as written
            "juliet@example.com/\uD83D\uDCF1, juliet@example.com/\uD83D\uDCF1",
    })
    void caseMappedToTheCanonicalForm_rfc7622_3(String raw, String canonical) {
        assertThat(Addresses.canonical(raw).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "juliet@example.com", "juliet@example.com/balcony", "example.com", "example.com/x", "off0-17@bench.test",
            "romeo_m.test-1@im.example.org/Conversations.AbCd", "juliet@example.com/a@b/c",
    })
    void canonicalAsciiAddressesAreKeptAsWritten(String raw) {
        assertThat(Addresses.isCanonicalAscii(raw)).isTrue();
        // the fast path gives what the full preparation gives
        assertThat(Addresses.canonical(raw)).isEqualTo(new JID(raw));
        assertThat(Addresses.canonical(raw).toString()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Juliet@example.com", "juliet@Example.com", "juliet@example.com.", "juliet@example..com", "@example.com",
            "juliet@", "a@b@example.com", "juliet@example.com/", "juliet@example.com/the balcony", "jülïet@example.com",
            "juliet@[::1]", "juliet@example.com/é", "exa_mple.com", "juliet@_example.com", "-example.com",
            "example-.com", "juliet@-", "juliet@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example",
    })
    void anythingElseTakesTheFullPreparation(String raw) {
        assertThat(Addresses.isCanonicalAscii(raw)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b@example.com", "@example.com", "juliet@", "juliet@example.com/", "juliet@exa_mple.com", "jul\"iet@example.com", "jul<iet@example.com"})
    void invalidAddressesAreRejected_rfc6120_8_3_3_8(String raw) {
        assertThatThrownBy(() -> Addresses.canonical(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "juliet@example.com/balcony, juliet@example.com/chamber, true",
            "juliet@example.com/balcony, juliet@example.com, true",
            "juliet@example.com, romeo@example.com, false",
            "juliet@example.com, juliet@example.org, false",
            "example.com, example.com/admin, true",
            "example.com, juliet@example.com, false"})
    void sameAccountIsWhatComparingBareJidsSays(String a, String b, boolean same) {
        JID first = new JID(a);
        JID second = new JID(b);

        assertThat(Addresses.sameAccount(first, second)).isEqualTo(same)
                .isEqualTo(first.toBareJID().equals(second.toBareJID()));
    }
}
