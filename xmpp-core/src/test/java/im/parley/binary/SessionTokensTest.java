package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.stream.StreamErrorException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.StreamError;

/** docs/binary-encoding.md, "Negotiation": the session tokens 0xC0–0xCF. */
class SessionTokensTest {
    private static final BinaryDictionary DICTIONARY = BinaryDictionary.v1();
    private static final List<String> DOMAINS = List.of("capulet.lit", "conference.capulet.lit", "upload.capulet.lit");

    @Test
    void listsDomainsThenBareThenFullJid_negotiation() {
        // Given
        SessionTokens tokens = SessionTokens.of(DOMAINS);

        // When
        SessionTokens bound = tokens.bound(CodecPair.BARE_JID, CodecPair.FULL_JID);

        // Then
        assertThat(tokens.values()).containsExactlyElementsOf(DOMAINS);
        assertThat(bound.values()).containsExactly("capulet.lit", "conference.capulet.lit", "upload.capulet.lit",
                CodecPair.BARE_JID, CodecPair.FULL_JID);
        assertThat(bound.bareJid()).contains(CodecPair.BARE_JID);
    }

    @Test
    void refusesMoreThanSixteenTokens_negotiation() {
        List<String> fifteen = Collections.nCopies(15, "example.org");

        assertThat(SessionTokens.of(Collections.nCopies(16, "example.org")).values()).hasSize(16);
        assertThatThrownBy(() -> SessionTokens.of(fifteen).bound("a@example.org", "a@example.org/r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionTokens(DOMAINS, null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void encodesTheBoundFullJidAsOneByte_negotiation() {
        // Given: a message to Juliet's own full JID, server to client
        CodecPair pair = CodecPair.bound();
        Element message = CodecPair.parse("<message to='juliet@capulet.lit/balcony' type='chat'><body>hi</body></message>");

        // When
        byte[] body = pair.encode(message);

        // Then: message, to = session token 4 (after three domains and the bare JID), type = chat, body "hi"
        assertThat(body).containsExactly(
                token("message"),
                attribute("to"), 0xC0 + 4,
                attribute("type"), 0x80 + DICTIONARY.valueIndex("chat"),
                token("body"), 2, 'h', 'i');
        assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(message));
    }

    @Test
    void usesNewTokensFromTheNextFrame_negotiation() {
        // Given: a pair before resource binding
        CodecPair pair = CodecPair.of(CodecPair.LIMITS, SessionTokens.of(DOMAINS));
        Element message = CodecPair.parse("<message to='juliet@capulet.lit/balcony'/>");
        byte[] before = pair.encode(message);
        assertThat(Infoset.of(pair.decode(before))).isEqualTo(Infoset.of(message));

        // When: both sides learn the bound JIDs (the session calls this after <bind/>)
        pair.encoder.sessionTokens(CodecPair.BOUND);
        pair.decoder.sessionTokens(CodecPair.BOUND);
        byte[] after = pair.encode(message);

        // Then: override E, message, to, full-JID token
        assertThat(before.length).isGreaterThan(20);
        assertThat(after).containsExactly(0xC3, 0, token("message"), attribute("to"), 0xC0 + 4);
        assertThat(Infoset.of(pair.decode(after))).isEqualTo(Infoset.of(message));
    }

    @Test
    void packsJidsOnServerDomainsInParts_negotiation() {
        // Given: an address on the server's domain that is not a token itself, in a jid attribute (roster push)
        CodecPair pair = CodecPair.of(new BinaryLimits(262_144, 0, 0, 262_144, 64), CodecPair.BOUND);
        Element push = CodecPair.parse("""
                <iq id='p1' type='set'><query xmlns='jabber:iq:roster'><item jid='nurse@capulet.lit'/></query></iq>""");

        // When: no dynamic table, so the JID form stands on its own
        byte[] body = pair.encode(push);

        // Then: 0xB9, "nurse", domain token 0, no resource
        assertThat(indexOf(body, new int[] {0xB9, 5, 'n', 'u', 'r', 's', 'e', 0xC0, 0x00})).isPositive();
        assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(push));
    }

    @Test
    void refusesASessionTokenTheDecoderDoesNotHave_negotiation() {
        // Given: the sender already bound, the receiver not yet told
        CodecPair sender = CodecPair.bound();
        CodecPair receiver = CodecPair.of(CodecPair.LIMITS, SessionTokens.of(DOMAINS));
        byte[] body = sender.encode(CodecPair.parse("<message to='juliet@capulet.lit/balcony'/>"));

        // Then
        assertThatThrownBy(() -> receiver.decode(body))
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamError.Condition.bad_format));
    }

    static int token(String jabberClientName) {
        return DICTIONARY.qname("jabber:client", jabberClientName).token();
    }

    static int attribute(String name) {
        return Opcodes.FIRST_ATTRIBUTE + DICTIONARY.attribute("", name).index();
    }

    static int indexOf(byte[] haystack, int[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if ((haystack[i + j] & 0xFF) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
