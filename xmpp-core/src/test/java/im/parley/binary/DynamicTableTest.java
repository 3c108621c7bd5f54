package im.parley.binary;

import static im.parley.binary.SessionTokensTest.attribute;
import static im.parley.binary.SessionTokensTest.indexOf;
import static im.parley.binary.SessionTokensTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Random;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** docs/binary-encoding.md, "Dynamic table". */
class DynamicTableTest {
    private static final String ROMEO = "romeo@montague.lit/orchard";

    @Test
    void referencesNewestEntriesWithSmallIndexes_dynamicTable() {
        // Given
        DynamicTable table = new DynamicTable(4, 100);

        // When
        table.insert("a@x", "o");
        table.insert("b@x", "o");
        table.insert("c@x", "p");

        // Then
        assertThat(table.entries()).containsExactly("c@x", "b@x", "a@x");
        assertThat(table.get(0)).isEqualTo("c@x");
        assertThat(table.get(2)).isEqualTo("a@x");
        assertThat(table.get(3)).isNull();
        assertThat(table.get(-1)).isNull();
        assertThat(table.find("b@x", "o")).isEqualTo(1);
        assertThat(table.find("b@x", "p")).as("another origin's entry is invisible").isEqualTo(-1);
        assertThat(table.bytes()).isEqualTo(9);
    }

    @Test
    void evictsOldestByCountAndByBytes_dynamicTable() {
        // Given
        DynamicTable table = new DynamicTable(3, 10);

        // When / Then: by count
        table.insert("1", null);
        table.insert("2", null);
        table.insert("3", null);
        table.insert("4", null);
        assertThat(table.entries()).containsExactly("4", "3", "2");
        // by bytes: "é" is two bytes of UTF-8, so the table is full at 10 bytes …
        table.insert("éééé", null);
        assertThat(table.entries()).containsExactly("éééé", "4", "3");
        assertThat(table.bytes()).isEqualTo(10);
        // … and two more bytes push out the oldest entries until it fits again
        table.insert("66", null);
        assertThat(table.entries()).containsExactly("66", "éééé");
        assertThat(table.bytes()).isEqualTo(10);
        table.insert("7", null);
        assertThat(table.entries()).containsExactly("7", "66");
        assertThat(table.bytes()).isEqualTo(3);
        // an entry larger than the table empties it and is not kept
        table.insert("01234567890", null);
        assertThat(table.entries()).isEmpty();
        assertThat(table.bytes()).isZero();
        // and a table of no entries keeps nothing
        DynamicTable none = new DynamicTable(0, 4096);
        none.insert("x", null);
        assertThat(none.size()).isZero();
        assertThat(none.keeps(1)).isFalse();
    }

    @Test
    void growsPastItsInitialCapacityInOrder_dynamicTable() {
        DynamicTable table = new DynamicTable(100, 100_000);
        for (int i = 0; i < 150; i++) {
            table.insert("v" + i, "o");
        }
        assertThat(table.size()).isEqualTo(100);
        assertThat(table.get(0)).isEqualTo("v149");
        assertThat(table.get(99)).isEqualTo("v50");
        assertThat(table.find("v60", "o")).isEqualTo(89);
    }

    @Test
    void referencesAFromAddressTheSecondTime_dynamicTableRule2() {
        // Given: two presences from Romeo on Juliet's connection
        CodecPair pair = CodecPair.bound();
        Element presence = CodecPair.parse("<presence from='" + ROMEO + "'/>");

        // When
        byte[] first = pair.encode(presence);
        byte[] second = pair.encode(presence);

        // Then: first an insert of the literal, then a reference to the newest entry
        byte[] literal = ROMEO.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(first).startsWith(0xC3, 0, token("presence"), attribute("from"), 0xB2, literal.length);
        assertThat(second).containsExactly(0xC3, 0, token("presence"), attribute("from"), 0xB1, 0);
        assertThat(Infoset.of(pair.decode(first))).isEqualTo(Infoset.of(presence));
        assertThat(Infoset.of(pair.decode(second))).isEqualTo(Infoset.of(presence));
    }

    @Test
    void neverReferencesAnEntryOfAnotherOrigin_dynamicTableRule3() {
        // Given: Romeo's message names Tybalt; then Mercutio's names Tybalt too
        CodecPair pair = CodecPair.bound();
        Element fromRomeo = CodecPair.parse("""
                <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'><x xmlns='urn:example:who' jid='tybalt@capulet.lit'/></message>""");
        Element fromMercutio = CodecPair.parse("""
                <message from='mercutio@verona.lit/street' to='juliet@capulet.lit/balcony'><x xmlns='urn:example:who' jid='tybalt@capulet.lit'/></message>""");
        byte[] romeoFirst = pair.encode(fromRomeo);
        assertThat(pair.decoder.decode(io.netty.buffer.Unpooled.wrappedBuffer(romeoFirst))).isNotNull();

        // When
        byte[] mercutio = pair.encode(fromMercutio);
        byte[] romeoAgain = pair.encode(fromRomeo);

        // Then: Mercutio's stanza is byte for byte what a fresh connection sends (inserts, no references) …
        assertThat(mercutio).isEqualTo(CodecPair.bound().encode(fromMercutio));
        assertThat(indexOf(mercutio, new int[] {0xB1})).isNegative();
        // … while Romeo's second stanza references what Romeo's first inserted (from, and the literal QName's names)
        assertThat(romeoAgain.length).isLessThan(romeoFirst.length);
        assertThat(indexOf(romeoAgain, new int[] {attribute("from"), 0xB1})).isPositive();
        assertThat(Infoset.of(pair.decode(mercutio))).isEqualTo(Infoset.of(fromMercutio));
        assertThat(Infoset.of(pair.decode(romeoAgain))).isEqualTo(Infoset.of(fromRomeo));
    }

    @Test
    void treatsTheSessionsOwnAccountAndTheServerAsOneOrigin_dynamicTableRule3() {
        // Given: a message from Juliet's own bare JID, then a message from the server, both about Romeo
        CodecPair pair = CodecPair.bound();
        Element carbon = CodecPair.parse("""
                <message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'><x xmlns='urn:example:who' jid='romeo@montague.lit'/></message>""");
        Element fromServer = CodecPair.parse("""
                <message from='capulet.lit'><x xmlns='urn:example:who' jid='romeo@montague.lit'/></message>""");
        pair.decode(pair.encode(carbon));

        // When
        byte[] body = pair.encode(fromServer);

        // Then
        assertThat(indexOf(body, new int[] {0xD0 + BinaryDictionary.v1().attribute("", "jid").index(), 0xB1}))
                .isPositive();
        assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(fromServer));
    }

    @Test
    void encodesAForwardedStanzaUnderItsSendersOrigin_dynamicTableRule3() {
        // Given: a roster push (the server's, so "self") that enters Rosaline's address
        CodecPair pair = withRosalineInTheAccountsEntries();

        // When a carbon (XEP-0280, from Juliet's own account) forwards a message Romeo wrote, naming Rosaline
        Element carbon = CodecPair.parse("<message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                + "<message xmlns='jabber:client' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/phone'>"
                + "<x xmlns='urn:example:who' jid='rosaline@verona.lit'/></message></forwarded></received></message>");
        byte[] body = pair.encode(carbon);

        // Then Romeo's words cannot hit the account's own entry: his guess costs an insert, not a reference
        assertThat(indexOf(body, new int[] {jid(), 0xB1})).isNegative();
        assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(carbon));
    }

    @Test
    void aForgedInnerFromInAPeersStanzaStaysThePeers_dynamicTableRule3() {
        // Given: the account's own entry for Rosaline
        CodecPair pair = withRosalineInTheAccountsEntries();

        // When Romeo sends a message forwarding one he claims Juliet wrote
        Element forged = CodecPair.parse("<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>"
                + "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='juliet@capulet.lit/balcony'>"
                + "<x xmlns='urn:example:who' jid='rosaline@verona.lit'/></message></forwarded></message>");
        byte[] body = pair.encode(forged);

        // Then the inner stanza is still Romeo's: no reference to the account's entry
        assertThat(indexOf(body, new int[] {jid(), 0xB1})).isNegative();
        assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(forged));
    }

    /** A bound connection whose table holds Rosaline's address under "self", entered by a roster push. */
    private static CodecPair withRosalineInTheAccountsEntries() {
        CodecPair pair = CodecPair.bound();
        pair.decode(pair.encode(CodecPair.parse("<iq type='set' id='push1' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:roster'><item jid='rosaline@verona.lit'/></query></iq>")));
        return pair;
    }

    private static int jid() {
        return 0xD0 + BinaryDictionary.v1().attribute("", "jid").index();
    }

    @Test
    void evictsIdenticallyOnBothSides_dynamicTable() {
        // Given: a tiny table and a long, seeded sequence of stanzas from a few origins about a few addresses
        BinaryLimits tiny = new BinaryLimits(65_536, 3, 64, 65_536, 16);
        CodecPair pair = CodecPair.of(tiny, CodecPair.BOUND);
        Random random = new Random(20240601);
        List<String> origins = List.of("romeo@montague.lit/orchard", "mercutio@verona.lit/street",
                "nurse@capulet.lit/kitchen", "capulet.lit", "juliet@capulet.lit/phone");
        List<String> addresses = List.of("tybalt@capulet.lit", "benvolio@montague.lit", "friar@verona.lit/cell",
                "a-rather-long-address-that-fills-the-table-on-its-own@verona.lit/resource",
                "paris@verona.lit", "juliet@capulet.lit/balcony", "x@y", "rosaline@verona.lit");

        for (int i = 0; i < 2_000; i++) {
            String xml = "<message from='" + pick(random, origins) + "' to='" + pick(random, addresses)
                    + "'><x xmlns='urn:example:" + random.nextInt(4) + "' jid='" + pick(random, addresses)
                    + "'/></message>";
            Element element = CodecPair.parse(xml);

            // When
            Element decoded = pair.roundTrip(element);

            // Then
            assertThat(Infoset.of(decoded)).as(xml).isEqualTo(Infoset.of(element));
            assertThat(pair.decoder.table().entries()).as(xml).isEqualTo(pair.encoder.table().entries());
            assertThat(pair.encoder.table().size()).isLessThanOrEqualTo(3);
            assertThat(pair.encoder.table().bytes()).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void neverIndexesTextIdsOrSecrets_dynamicTableRule2() {
        // Given: values that would repeat, in places rule 2 keeps out of the table
        CodecPair pair = CodecPair.bound();
        List<Element> stanzas = List.of(
                CodecPair.parse("""
                        <message from='romeo@montague.lit/orchard' id='romeo@montague.lit/orchard-id'><body>romeo@montague.lit/orchard</body><thread>romeo@montague.lit/orchard-thread</thread><origin-id xmlns='urn:xmpp:sid:0' id='romeo@montague.lit/orchard-origin'/></message>"""),
                CodecPair.parse("<enabled xmlns='urn:xmpp:sm:3' id='secret-resumption-token-12345' resume='true'/>"),
                CodecPair.parse("<resume xmlns='urn:xmpp:sm:3' h='3' previd='secret-resumption-token-12345'/>"),
                CodecPair.parse("""
                        <message from='romeo@montague.lit/orchard'><encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='juliet@example.net'><key rid='2'>c2VjcmV0LWtleS1tYXRlcmlhbA==</key></keys></header><payload>cGF5bG9hZA==</payload></encrypted></message>"""),
                CodecPair.parse("""
                        <success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.net/secret</authorization-identifier><token xmlns='urn:xmpp:fast:0' expiry='2026-01-01T00:00:00Z' token='s3cr3t-fast-token'/></success>"""));

        // When
        for (Element stanza : stanzas) {
            assertThat(Infoset.of(pair.roundTrip(stanza))).isEqualTo(Infoset.of(stanza));
        }

        // Then: only the stanza addresses were inserted
        assertThat(pair.encoder.table().entries()).containsOnly("romeo@montague.lit/orchard");
        assertThat(pair.decoder.table().entries()).isEqualTo(pair.encoder.table().entries());
    }

    @Test
    void indexesCapsAndUnknownNamesForTheirOrigin_dynamicTableRule2() {
        // Given: XEP-0115 §4, a presence with caps, and an element the dictionary does not know
        CodecPair pair = CodecPair.bound();
        Element presence = CodecPair.parse("""
                <presence from='romeo@montague.lit/orchard'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://code.google.com/p/exodus' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/><geoloc xmlns='http://jabber.org/protocol/geoloc'/></presence>""");

        // When
        pair.decode(pair.encode(presence));

        // Then: sha-1 is a static token; the rest went in, newest first
        assertThat(pair.encoder.table().entries()).containsExactly("geoloc", "http://jabber.org/protocol/geoloc",
                "QgayPKawpkPSDYmwT/WM94uAlu0=", "http://code.google.com/p/exodus", "romeo@montague.lit/orchard");
        assertThat(pair.decoder.table().entries()).isEqualTo(pair.encoder.table().entries());
    }

    @Test
    void sendsNoInsertsWhenTheTableKeepsNothing_dynamicTable() {
        // Given: table-entries 0
        CodecPair pair = CodecPair.of(new BinaryLimits(65_536, 0, 4096, 65_536, 16), CodecPair.BOUND);
        Element presence = CodecPair.parse("<presence from='" + ROMEO + "'/>");

        // When
        byte[] first = pair.encode(presence);
        byte[] second = pair.encode(presence);

        // Then
        assertThat(first).isEqualTo(second);
        assertThat(indexOf(first, new int[] {0xB2})).isNegative();
        assertThat(Infoset.of(pair.decode(first))).isEqualTo(Infoset.of(presence));
        assertThat(ByteBufUtil.hexDump(first)).isNotEmpty();
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
