package im.parley.binary;

import im.parley.framing.OutboundFrame;
import im.parley.stream.StreamHeader;
import im.parley.xml.XmlFrameEncoder;
import im.parley.xml.XmlParserFactory;
import im.parley.xml.XmlTextParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;

/** One direction of a binary stream: the sender's encoder and the receiver's decoder, with the same tokens. */
final class CodecPair {
    static final String DOMAIN = "capulet.lit";
    static final String BARE_JID = "juliet@capulet.lit";
    static final String FULL_JID = "juliet@capulet.lit/balcony";
    static final SessionTokens BOUND =
            SessionTokens.of(List.of(DOMAIN, "conference.capulet.lit", "upload.capulet.lit")).bound(BARE_JID, FULL_JID);
    static final BinaryLimits LIMITS = new BinaryLimits(262_144, 64, 4096, 262_144, 64);

    private static final XmlTextParser PARSER = new XmlTextParser(new XmlParserFactory(), DocumentFactory.getInstance(),
            StaticNames.v1().known());

    final BinaryEncoder encoder;
    final BinaryDecoder decoder;

    private CodecPair(BinaryLimits limits, SessionTokens tokens) {
        BinaryDictionary dictionary = BinaryDictionary.v1();
        this.encoder = new BinaryEncoder(dictionary, limits, tokens);
        this.decoder = new BinaryDecoder(dictionary, limits, tokens, DocumentFactory.getInstance());
    }

    static CodecPair bound() {
        return new CodecPair(LIMITS, BOUND);
    }

    static CodecPair of(BinaryLimits limits, SessionTokens tokens) {
        return new CodecPair(limits, tokens);
    }

    /** Parses example XML with the stream's own parser (Aalto into dom4j), as the XML path would. */
    static Element parse(String xml) {
        return PARSER.parse(xml.strip());
    }

    /**
     * The element as the XML path would carry it onwards: written by the XML stream's own encoder inside a stream
     * whose default namespace is {@code jabber:client}, then parsed back.
     */
    static Element viaXmlStream(Element element) {
        EmbeddedChannel channel = new EmbeddedChannel(new XmlFrameEncoder());
        StreamHeader header = new StreamHeader(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("1.0"),
                Optional.empty(), StreamHeader.CLIENT_NAMESPACE);
        channel.writeOutbound(new OutboundFrame.StreamOpen(header), new OutboundFrame.Element(element));
        StringBuilder xml = new StringBuilder();
        for (ByteBuf bytes; (bytes = channel.readOutbound()) != null; bytes.release()) {
            xml.append(bytes.toString(StandardCharsets.UTF_8));
        }
        channel.finishAndReleaseAll();
        Element stream = parse(xml.substring(xml.indexOf("?>") + 2) + "</stream:stream>");
        return stream.elements().getFirst();
    }

    byte[] encode(Element element) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.encode(element, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    Element decode(byte[] body) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            Element element = decoder.decode(in);
            if (in.isReadable()) {
                throw new AssertionError("decoder left " + in.readableBytes() + " bytes");
            }
            return element;
        } finally {
            in.release();
        }
    }

    Element roundTrip(Element element) {
        return decode(encode(element));
    }
}
