package im.parley.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundShaperTest {
    private static final int RATE = 1_000;
    private static final int BURST = 1_000;

    private long now;
    private final ReadGate gate = new ReadGate();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    /** Reads that reached the socket's end of the pipeline. */
    private int socketReads;
    /** Whether reading was on when each buffer reached the handler after the shaper. */
    private final List<Boolean> readingWhenPassedOn = new ArrayList<>();

    InboundShaperTest() {
        channel.freezeTime();
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                socketReads++;
                ctx.read();
            }
        });
        channel.pipeline().addLast(new InboundShaper(new TokenBucket(RATE, BURST, now), gate, () -> now));
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                readingWhenPassedOn.add(ctx.channel().config().isAutoRead());
                ctx.fireChannelRead(msg);
            }
        });
        gate.attach(channel);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void withinTheBurstEverythingIsPassedOnAndReadingGoesOn() {
        channel.writeInbound(bytes(600), bytes(400));

        assertThat(inboundBytes()).isEqualTo(1_000);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void pastTheBurstReadingPausesUntilTheBudgetIsBackButNothingIsHeldBack() {
        // When a client sends 1,500 bytes at once against a burst of 1,000 at 1,000 bytes a second
        channel.writeInbound(bytes(1_500));

        // Then all of it goes on to be parsed, and the socket is not read for half a second
        assertThat(inboundBytes()).isEqualTo(1_500);
        assertThat(channel.config().isAutoRead()).isFalse();
        advance(499);
        assertThat(channel.config().isAutoRead()).isFalse();
        advance(1);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void theBytesThatOverdrawGoOnWithReadingAlreadyPaused() {
        channel.writeInbound(bytes(900), bytes(600));

        // so the decoder hands on one more frame at most and holds the rest until the pause ends
        assertThat(readingWhenPassedOn).containsExactly(true, false);
    }

    @Test
    void readsAskedForDuringThePauseWaitForItsEnd() {
        channel.writeInbound(bytes(1_500));
        int before = socketReads;

        // When TLS asks for the rest of a record while the connection is paused
        channel.read();
        assertThat(socketReads).as("reads during the pause").isEqualTo(before);

        // Then the read happens when the pause ends
        advance(500);
        assertThat(socketReads).isGreaterThan(before);
    }

    @Test
    void aReadAskedForDuringThePauseHappensAfterItEvenIfAnotherReasonHoldsReading() {
        channel.writeInbound(bytes(1_500));
        gate.pause(ReadGate.Reason.BACK_PRESSURE);
        channel.read();
        int before = socketReads;

        advance(500);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(socketReads).as("the record TLS was waiting for is read").isEqualTo(before + 1);
    }

    @Test
    void aClosedConnectionIsNotReopened() {
        channel.writeInbound(bytes(1_500));

        channel.close();
        advance(1_000);

        assertThat(gate.pausedFor(ReadGate.Reason.RATE)).as("the scheduled reopen was cancelled").isTrue();
    }

    @Test
    void bytesArrivingWhilePausedExtendThePause() {
        channel.writeInbound(bytes(1_500));
        // TLS may still complete a record it had half read: 300 bytes more while paused
        channel.writeInbound(bytes(300));

        advance(500);
        assertThat(channel.config().isAutoRead()).as("still 300 bytes overdrawn").isFalse();
        advance(300);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void anotherReasonToPauseOutlivesTheRatesPause() {
        channel.writeInbound(bytes(1_500));
        gate.pause(ReadGate.Reason.BACK_PRESSURE);

        advance(500);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.pausedFor(ReadGate.Reason.RATE)).isFalse();
    }

    private void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static ByteBuf bytes(int n) {
        return Unpooled.wrappedBuffer(new byte[n]);
    }

    private long inboundBytes() {
        long total = 0;
        for (ByteBuf b; (b = channel.readInbound()) != null; b.release()) {
            total += b.readableBytes();
        }
        return total;
    }
}
