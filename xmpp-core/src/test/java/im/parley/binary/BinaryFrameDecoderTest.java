package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.framing.InboundFrame;
import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.DocumentFactory;
import org.junit.jupiter.api.Test;

/** docs/binary-encoding.md, "Framing": frames reach the session one at a time, in order, and not past a pause. */
class BinaryFrameDecoderTest {
    private final BinaryEncoder encoder = new BinaryEncoder(BinaryDictionary.v1(), CodecPair.LIMITS, CodecPair.BOUND);

    /** Stands in for the session: records what arrives, and may stop reading on a given element, as resume does. */
    private static final class Session extends ChannelInboundHandlerAdapter {
        final List<Object> received = new ArrayList<>();
        String pauseOn = "";

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
            if (msg instanceof InboundFrame.Element e && e.element().getName().equals(pauseOn)) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.add(cause);
        }

        List<String> describe() {
            return received.stream().map(o -> switch (o) {
                case InboundFrame.Element e -> e.element().getName();
                case InboundFrame.StreamClose c -> "end";
                case StreamErrorException e -> "error " + e.condition().toXMPP();
                default -> o.toString();
            }).toList();
        }
    }

    private final Session session = new Session();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BinaryFrameDecoder(
            new BinaryDecoder(BinaryDictionary.v1(), CodecPair.LIMITS, CodecPair.BOUND, new DocumentFactory()),
            CodecPair.LIMITS.maxFrameBytes()), session);

    private ByteBuf frame(String xml) {
        ByteBuf body = Unpooled.buffer();
        encoder.encode(CodecPair.parse(xml), body);
        ByteBuf frame = Unpooled.buffer();
        Varint.write(body.readableBytes(), frame);
        return frame.writeBytes(body);
    }

    @Test
    void deliversFramesInOrderSkippingKeepAlivesWhateverTheChunking_framing() {
        // Given three stanzas and two keep-alives in one buffer
        ByteBuf all = Unpooled.wrappedBuffer(frame("<presence/>"), Unpooled.wrappedBuffer(new byte[] {0, 0}),
                frame("<message><body>hi</body></message>"), frame("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>"));
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);

        // When they arrive one byte at a time
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        // Then each reaches the session once, whole, in order
        assertThat(session.describe()).containsExactly("presence", "message", "iq");
    }

    @Test
    void framesBeforeAMalformedOneArriveFirstAndNothingAfterIt_rfc6120_4_9_1_1() {
        // Given two stanzas, a frame with a reserved byte, then another stanza, all in one read
        channel.writeInbound(Unpooled.wrappedBuffer(frame("<presence/>"), frame("<message/>"),
                Unpooled.wrappedBuffer(new byte[] {1, (byte) 0xC6}), frame("<presence/>")));

        // Then the two stanzas come first, then the error, then nothing: not even what arrives later
        channel.writeInbound(frame("<message/>"));
        assertThat(session.describe()).containsExactly("presence", "message", "error bad-format");
    }

    @Test
    void aLengthPastMaxFrameIsRefusedBeforeItsBody_framing() {
        // Given only the length prefix of a frame one byte longer than max-frame (262,144 + 1 = 0x81 0x80 0x10)
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, (byte) 0x80, 0x10}));

        // Then
        assertThat(session.describe()).containsExactly("error policy-violation");
    }

    @Test
    void holdsTheRestOfTheInputWhileTheSessionPausedReading_xep0198_5() {
        // Given a session that stops reading after <resume/>, and a client that pipelines stanzas behind it
        session.pauseOn = "resume";
        channel.writeInbound(Unpooled.wrappedBuffer(frame("<resume xmlns='urn:xmpp:sm:3' previd='x' h='0'/>"),
                frame("<message><body>1</body></message>"), frame("<r xmlns='urn:xmpp:sm:3'/>")));

        // Then only <resume/> has arrived ...
        assertThat(session.describe()).containsExactly("resume");

        // ... and the rest follows, in order, once the session reads again
        channel.config().setAutoRead(true);
        channel.runPendingTasks();
        assertThat(session.describe()).containsExactly("resume", "message", "r");
    }

    @Test
    void theEndOfTheStreamIsTheLastFrame_rfc6120_4_4() {
        channel.writeInbound(Unpooled.wrappedBuffer(frame("<presence/>"),
                Unpooled.wrappedBuffer(new byte[] {1, (byte) BinaryFrameDecoder.STREAM_END}), frame("<message/>")));

        assertThat(session.describe()).containsExactly("presence", "end");
    }
}
