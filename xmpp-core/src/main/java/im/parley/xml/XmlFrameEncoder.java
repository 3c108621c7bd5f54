package im.parley.xml;

import im.parley.framing.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link OutboundFrame}s as XML: the stream header with its XML declaration, first-level elements, the stream
 * close tag and whitespace keep-alives (RFC 6120 §4.6.1). Per channel: it remembers the stream's content namespace.
 */
public final class XmlFrameEncoder extends MessageToByteEncoder<OutboundFrame> {
    private final StanzaWriter writer = new StanzaWriter();

    public XmlFrameEncoder() {
        super(OutboundFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundFrame frame, ByteBuf out) {
        switch (frame) {
            case OutboundFrame.StreamOpen open -> writer.writeStreamOpen(open.header(), out);
            case OutboundFrame.Element element -> writer.writeElement(element.element(), out);
            case OutboundFrame.StreamClose close -> writer.writeStreamClose(out);
            case OutboundFrame.KeepAlive keepAlive -> out.writeByte(' ');
        }
    }
}
