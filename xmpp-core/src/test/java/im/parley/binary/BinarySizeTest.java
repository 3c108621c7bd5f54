package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/**
 * docs/binary-encoding.md, "Sizes": the table, reproduced and printed. Juliet's session
 * on capulet.lit; "cold" is the first encode on a fresh connection, "warm" the second encode of the same stanza on the
 * same connection (the dynamic table holds what the first one inserted). Client-to-server stanzas have no
 * {@code from} (origin "self"); server-to-client stanzas come from Romeo.
 */
class BinarySizeTest {
    private static final String ROMEO = "romeo@montague.lit/orchard";

    /** One row: a stanza, whether it is ordinary chat traffic (the 45 % bound), and its sizes. */
    private record Row(String name, String xml, boolean chat) {}

    private static final List<Row> ROWS = List.of(
            new Row("message with body+id+receipt request", """
                    <message to='romeo@montague.lit' id='5f0c2a8e-4a49-4d1c-9d8e-8f0b3c6a7d21' type='chat'>\
                    <body>See you at 8 then!</body><request xmlns='urn:xmpp:receipts'/></message>""", true),
            new Row("delivered message with stanza-id", """
                    <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' \
                    id='9d2b7c4e-1f3a-4b6d-8e9f-0a1b2c3d4e5f' type='chat'>\
                    <body>See you at 8 then!</body><request xmlns='urn:xmpp:receipts'/>\
                    <markable xmlns='urn:xmpp:chat-markers:0'/>\
                    <origin-id xmlns='urn:xmpp:sid:0' id='9d2b7c4e-1f3a-4b6d-8e9f-0a1b2c3d4e5f'/>\
                    <stanza-id xmlns='urn:xmpp:sid:0' id='4e7a1d2c-8b3f-4c9a-a6d5-e1f2a3b4c5d6' by='juliet@capulet.lit'/>\
                    </message>""", true),
            new Row("delivery receipt", """
                    <message to='romeo@montague.lit/orchard' id='3c8e1f5a-7b2d-4e6f-9a0b-1c2d3e4f5a6b'>\
                    <received xmlns='urn:xmpp:receipts' id='9d2b7c4e-1f3a-4b6d-8e9f-0a1b2c3d4e5f'/>\
                    <store xmlns='urn:xmpp:hints'/></message>""", true),
            new Row("displayed marker", """
                    <message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' \
                    id='6a1f9e3c-2d4b-4a8e-b7c5-d0e1f2a3b4c5' type='chat'>\
                    <displayed xmlns='urn:xmpp:chat-markers:0' id='5f0c2a8e-4a49-4d1c-9d8e-8f0b3c6a7d21'/>\
                    <store xmlns='urn:xmpp:hints'/></message>""", true),
            new Row("presence with caps", """
                    <presence from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>\
                    <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://conversations.im' \
                    ver='QgayPKawpkPSDYmwT/WM94uAlu0='/><show>away</show></presence>""", false),
            new Row("presence unavailable", """
                    <presence from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' type='unavailable'/>""",
                    false),
            new Row("SM <a h='1337'/>", "<a xmlns='urn:xmpp:sm:3' h='1337'/>", false),
            new Row("ping", """
                    <iq from='capulet.lit' id='s2c1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>""", false));

    @Test
    void reachesTheDesignSizes_perStanzaSizes() {
        // Given
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-40s %6s %6s %6s %7s", "stanza", "XML", "cold", "warm", "cold/XML"));
        for (Row row : ROWS) {
            Element element = CodecPair.parse(row.xml());
            int xml = row.xml().getBytes(StandardCharsets.UTF_8).length;
            CodecPair pair = CodecPair.bound();

            // When
            byte[] cold = pair.encode(element);
            Element coldDecoded = pair.decode(cold);
            byte[] warm = pair.encode(element);
            Element warmDecoded = pair.decode(warm);

            // Then
            lines.add(String.format("%-40s %6d %6d %6d %6.0f %%", row.name(), xml, cold.length, warm.length,
                    100.0 * cold.length / xml));
            assertThat(Infoset.of(coldDecoded)).isEqualTo(Infoset.of(element));
            assertThat(Infoset.of(warmDecoded)).isEqualTo(Infoset.of(element));
            assertThat(warm.length).as("%s: warm <= cold", row.name()).isLessThanOrEqualTo(cold.length);
            if (row.chat()) {
                assertThat(cold.length).as("%s: cold <= 45 %% of XML", row.name()).isLessThanOrEqualTo(xml * 45 / 100);
            }
        }
        System.out.println(String.join("\n", lines));

        assertThat(sizes("SM <a h='1337'/>")[0]).isLessThanOrEqualTo(8);
        assertThat(sizes("ping")[0]).isLessThanOrEqualTo(15);
        int[] caps = sizes("presence with caps");
        assertThat(caps[1]).as("presence with caps, warm: caps values and from are references").isLessThanOrEqualTo(16);
        int[] unavailable = sizes("presence unavailable");
        assertThat(unavailable[1]).isLessThanOrEqualTo(10);
    }

    /** {cold, warm} for the row of that name. */
    private static int[] sizes(String name) {
        Row row = ROWS.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        Element element = CodecPair.parse(row.xml());
        CodecPair pair = CodecPair.bound();
        int cold = pair.encode(element).length;
        int warm = pair.encode(element).length;
        return new int[] {cold, warm};
    }

    @Test
    void keepsAFlowOfChatStanzasSmall_perStanzaSizes() {
        // Given: a "message round" seen from Juliet's connection, server to client, with fresh ids
        CodecPair pair = CodecPair.bound();
        int xmlBytes = 0;
        int binaryBytes = 0;
        for (int round = 0; round < 50; round++) {
            for (Row row : ROWS.subList(1, 4)) {
                String xml = row.xml().replace("9d2b7c4e-1f3a-4b6d-8e9f-0a1b2c3d4e5f",
                        java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) round}).toString());
                Element element = CodecPair.parse(xml);

                // When
                byte[] body = pair.encode(element);

                // Then
                assertThat(Infoset.of(pair.decode(body))).isEqualTo(Infoset.of(element));
                xmlBytes += xml.getBytes(StandardCharsets.UTF_8).length;
                binaryBytes += body.length;
            }
        }
        System.out.printf("50 rounds of 3 chat stanzas: XML %d B, binary %d B (%.0f %%)%n", xmlBytes, binaryBytes,
                100.0 * binaryBytes / xmlBytes);
        assertThat(binaryBytes).isLessThanOrEqualTo(xmlBytes * 40 / 100);
    }
}
