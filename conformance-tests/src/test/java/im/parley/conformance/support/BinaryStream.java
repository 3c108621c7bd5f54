package im.parley.conformance.support;

import im.parley.binary.BinaryDecoder;
import im.parley.binary.BinaryDictionary;
import im.parley.binary.BinaryEncoder;
import im.parley.binary.BinaryLimits;
import im.parley.binary.SessionTokens;
import im.parley.binary.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import org.dom4j.DocumentException;
import org.dom4j.DocumentFactory;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;

/**
 * The client side of Parley's binary encoding ({@code urn:parley:binary:1}) over a {@link RawXmppClient} whose XML
 * stream already carried {@code <enabled/>}: frames out and in, each shown in the transcript as the XML it stands for.
 */
public final class BinaryStream {
    public static final String NAMESPACE = "urn:parley:binary:1";

    private final RawXmppClient client;
    private final BinaryEncoder encoder;
    private final BinaryDecoder decoder;
    private SessionTokens tokens;

    /** {@code limits} as the server advertised them in its feature. */
    public BinaryStream(RawXmppClient client, BinaryLimits limits, String domain) {
        this.client = client;
        this.tokens = SessionTokens.of(List.of(domain));
        this.encoder = new BinaryEncoder(BinaryDictionary.v1(), limits, tokens);
        this.decoder = new BinaryDecoder(BinaryDictionary.v1(), limits, tokens, DocumentFactory.getInstance());
    }

    /** After the bind result (or {@code <resumed/>}): the session's own JIDs become tokens both ways. */
    public void bound(String fullJid) {
        tokens = tokens.bound(fullJid.substring(0, fullJid.indexOf('/')), fullJid);
        encoder.sessionTokens(tokens);
        decoder.sessionTokens(tokens);
    }

    /** Binds a resource in binary (RFC 6120 §7) and takes the session's tokens from the result; returns the full JID. */
    public String bind(Optional<String> resource) {
        send(RawXmppClient.bindRequest("b1", resource));
        String fullJid = receiveUntil("iq").element("bind").elementText("jid");
        bound(fullJid);
        return fullJid;
    }

    /** Sends one first-level element, written as XML for readability (no namespace means jabber:client). */
    public void send(String xml) {
        Element element = parse(xml);
        ByteBuf body = Unpooled.buffer();
        encoder.encode(element, body);
        sendFrame(body, "(binary, " + body.readableBytes() + " B) " + xml);
    }

    /** Sends a frame with this body as it is (malformed on purpose, or an empty keep-alive). */
    public void sendRawFrame(byte[] body) {
        sendFrame(Unpooled.wrappedBuffer(body), "(binary, raw) " + body.length + " B");
    }

    /** The next element the server sends, skipping keep-alives; empty for the end of the stream (0xC5). */
    public Optional<Element> receive() {
        while (true) {
            int length = (int) readLength();
            if (length == 0) {
                continue;
            }
            byte[] body = client.readBytes(length);
            if (length == 1 && (body[0] & 0xFF) == 0xC5) {
                client.note("S (binary): end of stream");
                return Optional.empty();
            }
            Element element = decoder.decode(Unpooled.wrappedBuffer(body));
            client.note("S (binary, " + length + " B): " + element.asXML());
            return Optional.of(element);
        }
    }

    /** The next element, which must not be the end of the stream. */
    public Element receiveElement() {
        return receive().orElseThrow(() -> new AssertionError("the stream ended\n" + client.transcript()));
    }

    /** Elements up to and including the first one named {@code name}. */
    public Element receiveUntil(String name) {
        while (true) {
            Element next = receiveElement();
            if (next.getName().equals(name)) {
                return next;
            }
        }
    }

    private void sendFrame(ByteBuf body, String description) {
        ByteBuf frame = Unpooled.buffer();
        Varint.write(body.readableBytes(), frame);
        frame.writeBytes(body);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        client.sendQuietly(description, bytes);
    }

    /** A frame's length prefix, read from the socket a byte at a time until it is whole. */
    private long readLength() {
        ByteBuf prefix = Unpooled.buffer(4);
        while (true) {
            prefix.writeByte(client.readBytes(1)[0]);
            long length = Varint.readFrameLength(prefix);
            if (length >= 0) {
                return length;
            }
        }
    }

    private static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (DocumentException e) {
            throw new IllegalArgumentException("not XML: " + xml, e);
        }
    }
}
