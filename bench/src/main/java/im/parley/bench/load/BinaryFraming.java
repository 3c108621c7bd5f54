package im.parley.bench.load;

import im.parley.binary.BinaryDecoder;
import im.parley.binary.BinaryDictionary;
import im.parley.binary.BinaryEncoder;
import im.parley.binary.BinaryLimits;
import im.parley.binary.SessionTokens;
import im.parley.binary.StaticNames;
import im.parley.binary.Varint;
import im.parley.xml.XmlParserFactory;
import im.parley.xml.XmlTextParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Attribute;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;

/**
 * The client side of Parley's binary encoding ({@code urn:parley:binary:1}, docs/binary-encoding.md) for one
 * connection: the scenarios keep writing stanzas as XML text, which is parsed and sent as one binary frame; frames
 * from the server are decoded and handed on as the same {@link Inbound} records the XML framer produces.
 */
final class BinaryFraming extends ByteToMessageDecoder {
    static final String NAMESPACE = "urn:parley:binary:1";
    private static final int STREAM_END = 0xC5;
    /** One set of the dictionary's dom4j names for every simulated user (19,000 of them in the idle scenario). */
    private static final StaticNames NAMES = StaticNames.v1();
    private static final XmlTextParser PARSER = new XmlTextParser(new XmlParserFactory(), DocumentFactory.getInstance(),
            NAMES.known());

    private final BinaryEncoder encoder;
    private final BinaryDecoder decoder;
    private SessionTokens tokens;

    /** {@code feature}: the server's {@code <binary/>} stream feature, whose limits and domains both sides use. */
    BinaryFraming(XmlElement feature) {
        XmlElement limits = feature.child("limits").orElseThrow(() -> new IllegalArgumentException("no <limits/>"));
        int maxFrame = Integer.parseInt(limits.attributeOr("max-frame", "0"));
        BinaryLimits binaryLimits = new BinaryLimits(maxFrame, Integer.parseInt(limits.attributeOr("table-entries", "0")),
                Integer.parseInt(limits.attributeOr("table-bytes", "0")), maxFrame, 64);
        tokens = SessionTokens.of(feature.children().stream().filter(c -> c.localName().equals("domain"))
                .map(XmlElement::text).toList());
        encoder = new BinaryEncoder(BinaryDictionary.v1(), binaryLimits, tokens);
        decoder = new BinaryDecoder(NAMES, binaryLimits, tokens);
    }

    /** Whether the server offers the version of the dictionary this generator has. */
    static boolean offered(XmlElement features) {
        return features.child("binary", NAMESPACE).flatMap(b -> b.child("dictionary"))
                .map(d -> d.attributeOr("version", "").equals(Integer.toString(BinaryDictionary.v1().version()))
                        && d.attributeOr("sha256", "").equals(BinaryDictionary.v1().sha256()))
                .orElse(false);
    }

    /** After the bind result: the session's own JIDs are tokens from now on, both ways. */
    void bound(String fullJid) {
        int slash = fullJid.indexOf('/');
        tokens = tokens.bound(slash < 0 ? fullJid : fullJid.substring(0, slash), fullJid);
        encoder.sessionTokens(tokens);
        decoder.sessionTokens(tokens);
    }

    /** One frame carrying {@code xml} (a first-level element; no namespace means jabber:client). */
    ByteBuf frame(String xml, ByteBufAllocator alloc) {
        ByteBuf body = alloc.buffer();
        try {
            encoder.encode(PARSER.parse(xml), body);
            ByteBuf frame = alloc.buffer(body.readableBytes() + 3);
            Varint.write(body.readableBytes(), frame);
            return frame.writeBytes(body);
        } finally {
            body.release();
        }
    }

    static ByteBuf streamEnd(ByteBufAllocator alloc) {
        return alloc.buffer(2).writeByte(1).writeByte(STREAM_END);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            long length = Varint.readFrameLength(in);
            if (length < 0 || in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            int frameBytes = in.readerIndex() - start + (int) length;
            ByteBuf body = in.readSlice((int) length);
            if (length == 0) {
                continue; // keep-alive
            }
            if (length == 1 && body.getUnsignedByte(body.readerIndex()) == STREAM_END) {
                out.add(new Inbound.StreamClose());
                continue;
            }
            out.add(new Inbound.Stanza(simple(decoder.decode(body), ""), frameBytes));
        }
    }

    /** The generator's own element form: names as written (stream-namespace ones with {@code stream:}), xmlns kept. */
    private static XmlElement simple(Element element, String parentNamespace) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String namespace = element.getNamespaceURI();
        if (!namespace.equals(parentNamespace) && !(parentNamespace.isEmpty() && namespace.equals("jabber:client"))) {
            attributes.put("xmlns", namespace);
        }
        for (int i = 0; i < element.attributeCount(); i++) {
            Attribute a = element.attribute(i);
            attributes.put(a.getQualifiedName(), a.getValue());
        }
        List<XmlElement> children = new ArrayList<>(element.nodeCount());
        for (Element child : element.elements()) {
            children.add(simple(child, namespace));
        }
        String name = namespace.equals("http://etherx.jabber.org/streams") ? "stream:" + element.getName() : element.getName();
        return new XmlElement(name, attributes, children, element.getText());
    }
}
