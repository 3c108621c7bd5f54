package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.stream.StreamHeader;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/** docs/binary-encoding.md, "Mapping onto XML": XML → dom4j → binary → dom4j gives back the same infoset. */
class BinaryRoundTripTest {
    static Stream<StanzaCorpus.Example> corpus() {
        return StanzaCorpus.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void keepsTheInfosetOfEveryExample_mappingOntoXml(StanzaCorpus.Example example) {
        // Given
        Element original = CodecPair.parse(example.xml());
        String before = original.asXML();
        CodecPair pair = CodecPair.bound();

        // When
        Element decoded = pair.roundTrip(original);

        // Then: the same infoset, also once written to an XML stream again (prefixes and declarations hold together)
        assertThat(Infoset.of(decoded)).isEqualTo(Infoset.of(original));
        assertThat(Infoset.of(CodecPair.viaXmlStream(decoded))).isEqualTo(Infoset.of(original));
        assertThat(original.asXML()).as("the encoder only reads its input").isEqualTo(before);
    }

    @Test
    void keepsTheInfosetWhenTheDynamicTableIsWarm_dynamicTable() {
        // Given: the whole corpus, twice, on one connection: the second pass references entries of the first
        CodecPair pair = CodecPair.bound();
        List<Element> elements = StanzaCorpus.all().stream().map(e -> CodecPair.parse(e.xml())).toList();

        for (int pass = 0; pass < 2; pass++) {
            for (Element element : elements) {
                // When
                Element decoded = pair.roundTrip(element);

                // Then
                assertThat(Infoset.of(decoded)).isEqualTo(Infoset.of(element));
            }
        }
    }

    @Test
    void buildsElementsInTheirEffectiveNamespaces_mappingOntoXml() {
        // Given: XEP-0184 §5, a receipt
        Element receipt = CodecPair.parse("""
                <message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v' xml:lang='en'
                         to='northumberland@shakespeare.lit/westminster'><body>ok</body><received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/></message>""");

        // When
        Element decoded = CodecPair.bound().roundTrip(receipt);

        // Then
        assertThat(decoded.getQName()).isEqualTo(QName.get("message", StreamHeader.CLIENT_NAMESPACE));
        assertThat(decoded.getNamespacePrefix()).isEmpty();
        assertThat(decoded.element("body").getNamespaceURI()).isEqualTo(StreamHeader.CLIENT_NAMESPACE);
        assertThat(decoded.element("received").getNamespaceURI()).isEqualTo("urn:xmpp:receipts");
        assertThat(decoded.attributeValue(QName.get("lang", "xml", XMLConstants.XML_NS_URI))).isEqualTo("en");
        assertThat(decoded.attributes()).extracting(a -> a.getName())
                .containsExactly("from", "id", "lang", "to");
        assertThat(decoded.attribute("from").getQualifiedName()).isEqualTo("from");
        assertThat(decoded.getParent()).isNull();
        assertThat(decoded.getDocument()).isNull();
    }

    @Test
    void namesLiteralAttributesWithoutPrefixUnlessNamespaced_mappingOntoXml() {
        // Given
        Element iq = CodecPair.parse("""
                <iq type='set' id='ns1'><x xmlns='urn:example:a' xmlns:p='urn:example:p' colour='blue' p:k='v' xml:space='preserve'/></iq>""");

        // When
        Element x = CodecPair.bound().roundTrip(iq).elements().getFirst();

        // Then
        assertThat(x.attribute("colour").getQualifiedName()).isEqualTo("colour");
        assertThat(x.attribute("colour").getNamespaceURI()).isEmpty();
        assertThat(x.attribute(QName.get("k", "urn:example:p")).getNamespacePrefix()).isNotEmpty();
        assertThat(x.attribute(QName.get("space", XMLConstants.XML_NS_URI)).getQualifiedName()).isEqualTo("xml:space");
    }

    @Test
    void givesStreamNamespaceElementsTheStreamPrefix_rfc6120_4_8_5() {
        // Given: RFC 6120 §4.9.3.22 (system-shutdown)
        Element error = CodecPair.parse("""
                <stream:error xmlns:stream='http://etherx.jabber.org/streams'><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>""");

        // When
        Element decoded = CodecPair.bound().roundTrip(error);

        // Then
        assertThat(decoded.getNamespaceURI()).isEqualTo(StreamHeader.STREAM_NAMESPACE);
        assertThat(decoded.getQualifiedName()).isEqualTo("stream:error");
        assertThat(decoded.elements().getFirst().getName()).isEqualTo("system-shutdown");
    }

    @Test
    void encodesTinderPacketsBuiltWithoutNamespaces_mappingOntoXml() {
        // Given: a packet built in code, as modules do; its children are in no namespace and inherit
        Message message = new Message();
        message.setTo(new JID("romeo@montague.lit"));
        message.setFrom(new JID(CodecPair.FULL_JID));
        message.setType(Message.Type.chat);
        message.setID("c0ffee");
        message.setBody("Good night, good night! Parting is such sweet sorrow");
        message.addChildElement("request", "urn:xmpp:receipts");
        Element unqualified = DocumentHelper.createElement("note");
        unqualified.addText("inherits");
        message.getElement().add(unqualified);

        // When
        Element decoded = CodecPair.bound().roundTrip(message.getElement());

        // Then
        assertThat(Infoset.of(decoded)).isEqualTo(Infoset.of(message.getElement()));
        Message again = new Message(decoded, true);
        assertThat(again.getBody()).isEqualTo("Good night, good night! Parting is such sweet sorrow");
        assertThat(again.getTo()).isEqualTo(new JID("romeo@montague.lit"));
        assertThat(decoded.element("note").getNamespaceURI()).isEqualTo(StreamHeader.CLIENT_NAMESPACE);
    }

    @Test
    void replacesCharactersXmlCannotCarryAsStanzaWriterDoes_xml_2_2() {
        // Given: text and an attribute with a control character, a lone surrogate and U+FFFE (never parsed: built)
        Element message = DocumentHelper.createElement(QName.get("message", StreamHeader.CLIENT_NAMESPACE));
        message.addAttribute("id", "a\u0001b");
        message.addElement("body").addText("x\uD800y\uFFFEz\u0007 ok 😀");

        // When
        Element decoded = CodecPair.bound().roundTrip(message);

        // Then
        assertThat(decoded.attributeValue("id")).isEqualTo("a\uFFFDb");
        assertThat(decoded.elementText("body")).isEqualTo("x\uFFFDy\uFFFDz\uFFFD ok 😀");
    }

    @Test
    void skipsCommentsAndProcessingInstructions_rfc6120_11_1() {
        // Given: a tree built in code with a comment and a PI (the XML path would refuse them on the wire)
        Element message = DocumentHelper.createElement(QName.get("message", StreamHeader.CLIENT_NAMESPACE));
        message.addComment("not sent");
        message.addElement("body").addText("hi");
        message.addProcessingInstruction("target", "data");

        // When
        Element decoded = CodecPair.bound().roundTrip(message);

        // Then
        assertThat(decoded.asXML()).isEqualTo("<message xmlns=\"jabber:client\"><body>hi</body></message>");
    }
}
