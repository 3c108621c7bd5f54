package im.parley.binary;

import im.parley.framing.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link OutboundFrame}s as binary frames: each element as {@code varint(L) body}, the end of the stream as
 * {@code 0xC5}, a keep-alive as an empty frame. A binary stream has no header (the switch happens inside an open XML
 * stream), so a stream open written after the switch would be a bug: it is refused.
 */
public final class BinaryFrameEncoder extends MessageToByteEncoder<OutboundFrame> {
    private final BinaryEncoder encoder;

    BinaryFrameEncoder(BinaryEncoder encoder) {
        super(OutboundFrame.class, false); // heap buffers, as XmlFrameEncoder's: strings are written char by char
        this.encoder = encoder;
    }

    void sessionTokens(SessionTokens tokens) {
        encoder.sessionTokens(tokens);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundFrame frame, ByteBuf out) {
        switch (frame) {
            case OutboundFrame.Element element -> {
                ByteBuf body = ctx.alloc().heapBuffer();
                try {
                    encoder.encode(element.element(), body);
                    Varint.write(body.readableBytes(), out);
                    out.writeBytes(body);
                } finally {
                    body.release();
                }
            }
            case OutboundFrame.StreamClose close -> out.writeByte(1).writeByte(BinaryFrameDecoder.STREAM_END);
            case OutboundFrame.KeepAlive keepAlive -> out.writeByte(0);
            case OutboundFrame.StreamOpen open ->
                    throw new IllegalStateException("a binary stream has no header; it is not restarted");
        }
    }
}
