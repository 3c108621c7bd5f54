package im.parley.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundShaperTest {
    private static final int RATE = 1_000;
    private static final int BURST = 1_000;

    private long now;
    private final ReadGate gate = new ReadGate();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    InboundShaperTest() {
        channel.freezeTime();
        channel.pipeline().addLast(new InboundShaper(new TokenBucket(RATE, BURST, now), gate, () -> now));
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
