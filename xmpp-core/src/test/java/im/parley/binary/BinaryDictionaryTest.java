package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;

/** docs/binary-encoding.md, "Static dictionary v1". */
class BinaryDictionaryTest {
    private static final BinaryDictionary DICTIONARY = BinaryDictionary.v1();

    @Test
    void hasTheCountsOfVersionOne_staticDictionary() {
        assertThat(DICTIONARY.version()).isEqualTo(1);
        assertThat(DICTIONARY.attributeCount()).isEqualTo(46);
        assertThat(DICTIONARY.valueCount()).isEqualTo(48);
        assertThat(DICTIONARY.namespaceCount()).isBetween(1, 64);
        assertThat(DICTIONARY.qnameCount()).isGreaterThanOrEqualTo(191);
        assertThat(BinaryDictionary.v1()).isSameAs(DICTIONARY);
    }

    @Test
    void hasNoDuplicates_staticDictionary() {
        Set<String> qnames = new HashSet<>();
        for (int token = 1; token <= DICTIONARY.qnameCount(); token++) {
            StaticQName qname = DICTIONARY.qname(token);
            assertThat(qname.token()).isEqualTo(token);
            assertThat(qnames.add(qname.namespace() + " " + qname.localName())).as(qname.toString()).isTrue();
        }
        Set<String> attributes = new HashSet<>();
        for (int i = 0; i < DICTIONARY.attributeCount(); i++) {
            StaticAttribute attribute = DICTIONARY.attribute(i);
            assertThat(attributes.add(attribute.namespace() + " " + attribute.localName())).isTrue();
        }
        Set<String> values = new HashSet<>();
        for (int i = 0; i < DICTIONARY.valueCount(); i++) {
            assertThat(values.add(DICTIONARY.value(i))).isTrue();
        }
        Set<String> namespaces = new HashSet<>();
        for (int i = 1; i <= DICTIONARY.namespaceCount(); i++) {
            assertThat(namespaces.add(DICTIONARY.namespace(i))).isTrue();
        }
    }

    @Test
    void givesChatTrafficOneByteTokens_staticDictionary() {
        List<String[]> chat = List.of(
                new String[] {"jabber:client", "message"}, new String[] {"jabber:client", "presence"},
                new String[] {"jabber:client", "iq"}, new String[] {"jabber:client", "body"},
                new String[] {"jabber:client", "thread"}, new String[] {"jabber:client", "show"},
                new String[] {"jabber:client", "error"},
                new String[] {"urn:ietf:params:xml:ns:xmpp-stanzas", "text"},
                new String[] {"urn:ietf:params:xml:ns:xmpp-streams", "text"},
                new String[] {"urn:xmpp:receipts", "request"}, new String[] {"urn:xmpp:receipts", "received"},
                new String[] {"urn:xmpp:chat-markers:0", "markable"},
                new String[] {"urn:xmpp:chat-markers:0", "displayed"},
                new String[] {"urn:xmpp:sid:0", "origin-id"}, new String[] {"urn:xmpp:sid:0", "stanza-id"},
                new String[] {"urn:xmpp:hints", "store"},
                new String[] {"http://jabber.org/protocol/chatstates", "composing"},
                new String[] {"http://jabber.org/protocol/caps", "c"}, new String[] {"urn:xmpp:delay", "delay"},
                new String[] {"urn:xmpp:forward:0", "forwarded"}, new String[] {"urn:xmpp:carbons:2", "sent"},
                new String[] {"urn:xmpp:mam:2", "result"}, new String[] {"http://jabber.org/protocol/rsm", "set"},
                new String[] {"urn:xmpp:ping", "ping"}, new String[] {"jabber:iq:roster", "item"},
                new String[] {"http://jabber.org/protocol/pubsub#event", "event"},
                new String[] {"eu.siacs.conversations.axolotl", "encrypted"},
                new String[] {"urn:xmpp:omemo:2", "encrypted"}, new String[] {"urn:xmpp:sm:3", "a"},
                new String[] {"urn:xmpp:sm:3", "r"}, new String[] {"urn:xmpp:csi:0", "inactive"},
                new String[] {"urn:xmpp:blocking", "block"},
                new String[] {"urn:ietf:params:xml:ns:xmpp-bind", "bind"});
        for (String[] name : chat) {
            StaticQName qname = DICTIONARY.qname(name[0], name[1]);
            assertThat(qname).as(String.join(" ", name)).isNotNull();
            assertThat(qname.token()).as(String.join(" ", name)).isLessThanOrEqualTo(Opcodes.LAST_SHORT_QNAME);
        }
        assertThat(DICTIONARY.attribute(XMLConstants.XML_NS_URI, "lang")).isNotNull();
        assertThat(DICTIONARY.attribute("", "lang")).isNull();
        for (String value : List.of("chat", "groupchat", "result", "unavailable", "sha-1", "true", "en")) {
            assertThat(DICTIONARY.valueIndex(value)).as(value).isNotNegative();
        }
    }

    @Test
    void publishesTheSha256OfTheFileBytes_negotiation() throws Exception {
        // Given
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/im/parley/binary/dictionary-v1.txt")) {
            bytes = in.readAllBytes();
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        // Then
        assertThat(DICTIONARY.sha256()).matches("[0-9a-f]{64}").isEqualTo(expected);
        assertThat(BinaryDictionary.parse(bytes).sha256()).isEqualTo(DICTIONARY.sha256());
        assertThat(BinaryDictionary.parse((new String(bytes, StandardCharsets.UTF_8) + "# changed\n")
                .getBytes(StandardCharsets.UTF_8)).sha256()).isNotEqualTo(DICTIONARY.sha256());
    }

    @Test
    void refusesFilesThatBreakTheFormat_staticDictionary() throws Exception {
        String good;
        try (InputStream in = getClass().getResourceAsStream("/im/parley/binary/dictionary-v1.txt")) {
            good = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertRefused(good.replace("\nfor\n", "\n"), "45 attributes");
        assertRefused(good.replace("\nfor\n", "\nfor\nextra\n"), "47 attributes");
        assertRefused(good.replace("\nfor\n", "\ntype\n"), "duplicate attribute");
        assertRefused(good.replace("\nwait\n", "\nchat\n"), "duplicate value");
        assertRefused(good.replace("\nwait\n", "\n"), "47 values");
        assertRefused(good.replace("jabber:client body T", "jabber:client message C"), "duplicate QName");
        assertRefused(good.replace("jabber:client body T", "jabber:client body X"), "bad kind");
        assertRefused(good.replace("jabber:client body T", "jabber:client 1body T"), "not an NCName");
        assertRefused(good.replace("version 1", "version one"), "bad version");
        assertRefused(good.replace("\n", "\r\n"), "CRLF line ends");
        assertRefused(good.replace("[values]", "[valeurs]"), "unknown section");
        assertRefused(good.replace("\nchat\n", "\nchat \n"), "trailing space");
        assertRefused(good.replace("urn:xmpp:eme:0\n", "urn:xmpp:eme:0\nurn:example:65\n"), "65 namespaces");
    }

    private static void assertRefused(String text, String why) {
        assertThatThrownBy(() -> BinaryDictionary.parse(text.getBytes(StandardCharsets.UTF_8)))
                .as(why).isInstanceOf(IllegalArgumentException.class);
    }
}
