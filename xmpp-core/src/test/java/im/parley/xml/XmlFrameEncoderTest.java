package im.parley.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import im.parley.framing.InboundFrame;
import im.parley.framing.OutboundFrame;
import im.parley.stream.StreamHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentFactory;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.StreamError;

class XmlFrameEncoderTest {
    private static final StreamHeader SERVER_HEADER = new StreamHeader(Optional.of("juliet@im.example.com"),
            Optional.of("im.example.com"), Optional.of("t7AMCin9zjMNwQKDnplntZPIDEI="), Optional.of("1.0"),
            Optional.of("en"), StreamHeader.CLIENT_NAMESPACE);

    private final EmbeddedChannel encoder = new EmbeddedChannel(new XmlFrameEncoder());

    private String encode(OutboundFrame frame) {
        encoder.writeOutbound(frame);
        ByteBuf bytes = encoder.readOutbound();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            bytes.release();
        }
    }

    /** Encodes the header and the element, decodes the bytes again, and returns the first-level element read back. */
    private Element roundTrip(Element element) {
        return decode(encode(new OutboundFrame.StreamOpen(SERVER_HEADER)) + encode(new OutboundFrame.Element(element)));
    }

    /** Decodes a stream header and one first-level element with {@link XmlStreamDecoder}. */
    private static Element decode(String wire) {
        EmbeddedChannel decoder = new EmbeddedChannel(
                new XmlStreamDecoder(new XmlLimits(65536, 32), new XmlParserFactory(), new DocumentFactory(),
                        KnownNames.NONE));
        decoder.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.UTF_8));
        List<Object> frames = new ArrayList<>();
        Object frame;
        while ((frame = decoder.readInbound()) != null) {
            frames.add(frame);
        }
        assertFalse(decoder.finish());
        assertThat(frames).hasSize(2);
        return ((InboundFrame.Element) frames.get(1)).element();
    }

    private static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (org.dom4j.DocumentException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writesStreamHeaderWithDeclarationAndPresentAttributes_rfc6120_4_7() {
        // When
        String header = encode(new OutboundFrame.StreamOpen(SERVER_HEADER));

        // Then
        assertThat(header).isEqualTo("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' id='t7AMCin9zjMNwQKDnplntZPIDEI='"
                + " from='im.example.com' to='juliet@im.example.com' version='1.0' xml:lang='en'>");
        assertFalse(encoder.finish());
    }

    @Test
    void omitsAbsentHeaderAttributes_rfc6120_4_7() {
        String header = encode(new OutboundFrame.StreamOpen(new StreamHeader(Optional.empty(), Optional.of("a.example"),
                Optional.of("x"), Optional.empty(), Optional.empty(), StreamHeader.CLIENT_NAMESPACE)));
        assertThat(header).isEqualTo("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' id='x' from='a.example'>");
        assertFalse(encoder.finish());
    }

    @Test
    void writesCloseAndWhitespaceKeepAlive_rfc6120_4_4_and_4_6_1() {
        assertThat(encode(new OutboundFrame.KeepAlive())).isEqualTo(" ");
        assertThat(encode(new OutboundFrame.StreamClose())).isEqualTo("</stream:stream>");
        assertFalse(encoder.finish());
    }

    @Test
    void writesClientAndNoNamespaceStanzasWithoutXmlns_rfc6120_4_8_3() {
        // Given: one stanza parsed in jabber:client, one built by Tinder without a namespace
        Element parsed = parse("<message xmlns='jabber:client' to='romeo@example.net'><body>hi</body></message>");
        Message built = new Message();
        built.setTo("romeo@example.net");
        built.setBody("hi");

        // When / Then
        assertThat(encode(new OutboundFrame.Element(parsed)))
                .isEqualTo("<message to='romeo@example.net'><body>hi</body></message>");
        assertThat(encode(new OutboundFrame.Element(built.getElement())))
                .isEqualTo("<message to='romeo@example.net'><body>hi</body></message>");
        assertFalse(encoder.finish());
    }

    @Test
    void declaresOtherNamespacesOnceWhereTheyChange_rfc6120_4_8() {
        // Given: a roster result (RFC 6121 §2.1.4) whose items inherit the query's namespace
        IQ result = new IQ(IQ.Type.result, "bv1bs71f");
        Element query = result.setChildElement("query", "jabber:iq:roster");
        query.addElement("item").addAttribute("jid", "romeo@example.net");
        query.addElement("item").addAttribute("jid", "mercutio@example.com");

        // When
        String xml = encode(new OutboundFrame.Element(result.getElement()));

        // Then
        assertThat(xml).isEqualTo("<iq type='result' id='bv1bs71f'><query xmlns='jabber:iq:roster'>"
                + "<item jid='romeo@example.net'/><item jid='mercutio@example.com'/></query></iq>");
        assertFalse(encoder.finish());
    }

    @Test
    void writesStreamElementsWithStreamPrefix_rfc6120_4_8_5() {
        // Given
        StreamError error = new StreamError(StreamError.Condition.not_well_formed);
        Element features = DocumentHelper.createElement(
                DocumentHelper.createQName("features", DocumentHelper.createNamespace("", StreamHeader.STREAM_NAMESPACE)));
        features.addElement("starttls", "urn:ietf:params:xml:ns:xmpp-tls").addElement("required");

        // When / Then
        assertThat(encode(new OutboundFrame.Element(error.getElement()))).isEqualTo(
                "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        assertThat(encode(new OutboundFrame.Element(features))).isEqualTo(
                "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                        + "</stream:features>");
        assertFalse(encoder.finish());
    }

    @Test
    void escapesTextAndAttributes_rfc6120_11_1() {
        // Given
        Message message = new Message();
        message.setTo("romeo@example.net");
        message.setBody("<&>\"' ]]> é 😀\r\n");
        message.getElement().addAttribute("id", "a<&>\"'\tb\nc");

        // When
        String xml = encode(new OutboundFrame.Element(message.getElement()));

        // Then
        assertThat(xml).isEqualTo("<message to='romeo@example.net' id='a&lt;&amp;&gt;&quot;&apos;&#9;b&#10;c'>"
                + "<body>&lt;&amp;&gt;&quot;&apos; ]]&gt; é 😀&#13;\n</body></message>");
        assertFalse(encoder.finish());
    }

    @Test
    void roundTripsElementsThroughDecoder_rfc6120_4_8() {
        // Given: escaping everywhere, a non-client namespace child, a namespaced attribute, an extra prefix
        Element original = decode(XmlStreamDecoderTest.HEADER + "<message xmlns='jabber:client' to='romeo@example.net' id='&lt;&amp;&gt;&quot;&apos;'"
                + " xml:lang='en'><body>&lt;&amp;&gt;\"' — 日本 😀</body>"
                + "<received xmlns='urn:xmpp:receipts' id='r&amp;1'/>"
                + "<x xmlns='jabber:x:data' xmlns:p='urn:example:p' type='p:form' p:extra='1'><field var='a'/></x>"
                + "</message>");
        String before = original.asXML();

        // When
        Element decoded = roundTrip(original);

        // Then: equal, and the original untouched
        assertThat(decoded.asXML()).isEqualTo(before);
        assertThat(original.asXML()).isEqualTo(before);
        assertThat(decoded.element("received").getNamespaceURI()).isEqualTo("urn:xmpp:receipts");
        assertThat(decoded.element("body").getText()).isEqualTo("<&>\"' — 日本 😀");
        assertFalse(encoder.finish());
    }

    @Test
    void roundTripsTinderPacket_rfc6121_5_2() {
        // Given
        Message message = new Message();
        message.setTo("romeo@example.net/orchard");
        message.setType(Message.Type.chat);
        message.setBody("Neither, fair saint, if either thee dislike.");

        // When
        Message decoded = new Message(roundTrip(message.getElement()), true);

        // Then
        assertThat(decoded.getBody()).isEqualTo(message.getBody());
        assertThat(decoded.getTo()).isEqualTo(message.getTo());
        assertThat(decoded.getType()).isEqualTo(Message.Type.chat);
        assertFalse(encoder.finish());
    }
}
