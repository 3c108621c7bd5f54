package im.parley.binary;

import im.parley.framing.InboundFrame;
import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.xmpp.packet.StreamError;

/**
 * Splits a binary stream into frames ({@code varint(L) body[L]}) and decodes each: an empty frame is a keep-alive,
 * a lone {@code 0xC5} is the peer's end of stream, anything else one first-level element. A length past
 * {@code max-frame} is refused before its body is read (policy-violation). Errors go through {@code exceptionCaught}
 * as {@link StreamErrorException}, as the XML decoder's do; nothing is read after one.
 */
public final class BinaryFrameDecoder extends ByteToMessageDecoder {
    static final int STREAM_END = 0xC5;
    /** A varint of a length up to 2^28 fits in four bytes; a longer prefix is garbage, not a big frame. */
    private static final int MAX_LENGTH_BYTES = 4;

    private final BinaryDecoder decoder;
    private final int maxFrameBytes;
    private boolean failed;

    BinaryFrameDecoder(BinaryDecoder decoder, int maxFrameBytes) {
        this.decoder = decoder;
        this.maxFrameBytes = maxFrameBytes;
    }

    void sessionTokens(SessionTokens tokens) {
        decoder.sessionTokens(tokens);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                int start = in.readerIndex();
                long length = readLength(in);
                if (length < 0) {
                    in.readerIndex(start); // the prefix is still incomplete
                    return;
                }
                if (length > maxFrameBytes) {
                    throw new StreamErrorException(StreamError.Condition.policy_violation,
                            "frame of " + length + " bytes; at most " + maxFrameBytes);
                }
                if (in.readableBytes() < length) {
                    in.readerIndex(start);
                    return;
                }
                ByteBuf body = in.readSlice((int) length);
                if (length == 0) {
                    continue; // keep-alive
                }
                if (length == 1 && body.getUnsignedByte(body.readerIndex()) == STREAM_END) {
                    out.add(new InboundFrame.StreamClose());
                    failed = true; // RFC 6120 §4.4: nothing follows the end of the stream
                    in.skipBytes(in.readableBytes());
                    return;
                }
                out.add(new InboundFrame.Element(decoder.decode(body)));
            }
        } catch (StreamErrorException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(e);
        }
    }

    /** The frame length, or -1 while its varint is incomplete. */
    private static long readLength(ByteBuf in) {
        long value = 0;
        for (int i = 0; i < MAX_LENGTH_BYTES; i++) {
            if (!in.isReadable()) {
                return -1;
            }
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new StreamErrorException(StreamError.Condition.bad_format, "frame length prefix longer than 4 bytes");
    }
}
