package im.parley.binary;

import im.parley.framing.InboundFrame;
import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.xmpp.packet.StreamError;

/**
 * Splits a binary stream into frames ({@code varint(L) body[L]}) and hands them to the session one at a time: an
 * empty frame is a keep-alive, a lone {@code 0xC5} the peer's end of stream, anything else one first-level element.
 * A length past {@code max-frame} is refused before its body is read (policy-violation). Errors go through
 * {@code exceptionCaught} as {@link StreamErrorException}, after every frame before them, as the XML decoder's do;
 * nothing is read after one.
 *
 * <p>Like the XML decoder, it stops right after a frame during which the session turned {@code autoRead} off (e.g.
 * while it resumes a stream, XEP-0198 §5) and holds the rest of the input until the next {@code read()}, so a client
 * may pipeline stanzas behind such a request.
 */
public final class BinaryFrameDecoder extends ChannelDuplexHandler {
    static final int STREAM_END = 0xC5;

    private final BinaryDecoder decoder;
    private final int maxFrameBytes;
    private ByteBuf cumulation;
    private boolean paused;
    private boolean ended;
    private int framesFired;

    BinaryFrameDecoder(BinaryDecoder decoder, int maxFrameBytes) {
        this.decoder = decoder;
        this.maxFrameBytes = maxFrameBytes;
    }

    void sessionTokens(SessionTokens tokens) {
        decoder.sessionTokens(tokens);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (ended) {
            bytes.release(); // RFC 6120 §4.9.1.1: nothing is processed after a stream error or close
            return;
        }
        cumulation = cumulation == null ? bytes
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, bytes);
        if (!paused) {
            drain(ctx);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (paused) {
            paused = false;
            int before = framesFired;
            drain(ctx);
            if (framesFired != before) {
                ctx.fireChannelReadComplete();
            }
            if (paused) {
                return; // still holding input: no need to read more from the socket yet
            }
        }
        ctx.read();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discard();
        ctx.fireChannelInactive();
    }

    /** Fires whole frames until the input runs out, the stream ends, or the session paused reading. */
    private void drain(ChannelHandlerContext ctx) {
        try {
            while (!ended && !paused && cumulation != null && cumulation.isReadable()) {
                InboundFrame frame = nextFrame();
                if (frame == null) {
                    break;
                }
                if (frame instanceof InboundFrame.StreamClose) {
                    ended = true; // RFC 6120 §4.4: nothing follows the end of the stream
                }
                framesFired++;
                ctx.fireChannelRead(frame);
                paused = !ended && !ctx.channel().config().isAutoRead();
            }
        } catch (StreamErrorException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            // A decoder bug must still end only this stream, with the error a malformed frame gets.
            fail(ctx, new StreamErrorException(StreamError.Condition.bad_format, "malformed frame: " + e));
        }
        if (ended) {
            discard();
        } else if (cumulation != null && !cumulation.isReadable()) {
            discard(); // an idle connection holds no buffer
        } else if (cumulation != null) {
            cumulation.discardSomeReadBytes();
        }
    }

    /** The next complete frame, skipping keep-alives; null while its bytes have not all arrived. */
    private InboundFrame nextFrame() {
        while (cumulation.isReadable()) {
            int start = cumulation.readerIndex();
            long length = Varint.readFrameLength(cumulation);
            if (length > maxFrameBytes) {
                throw new StreamErrorException(StreamError.Condition.policy_violation,
                        "frame of " + length + " bytes; at most " + maxFrameBytes);
            }
            if (length < 0 || cumulation.readableBytes() < length) {
                cumulation.readerIndex(start); // the prefix or the body is still incomplete
                return null;
            }
            if (length == 0) {
                continue; // keep-alive
            }
            ByteBuf body = cumulation.readSlice((int) length);
            if (length == 1 && body.getUnsignedByte(body.readerIndex()) == STREAM_END) {
                return new InboundFrame.StreamClose();
            }
            return new InboundFrame.Element(decoder.decode(body));
        }
        return null;
    }

    private void fail(ChannelHandlerContext ctx, StreamErrorException e) {
        ended = true;
        ctx.fireExceptionCaught(e);
    }

    private void discard() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
