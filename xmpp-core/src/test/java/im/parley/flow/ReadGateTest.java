package im.parley.flow;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.flow.ReadGate.Reason;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadGateTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReadGate gate = new ReadGate();

    @BeforeEach
    void attach() {
        gate.attach(channel);
    }

    @Test
    void aPauseStopsReadingAndItsResumeStartsItAgain() {
        gate.pause(Reason.AWAITING_ANSWER);
        assertThat(channel.config().isAutoRead()).isFalse();

        gate.resume(Reason.AWAITING_ANSWER);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void liftingOneReasonDoesNotUndoAnother() {
        // Given a connection paused for back-pressure, then also for its byte rate
        gate.pause(Reason.BACK_PRESSURE);
        gate.pause(Reason.RATE);

        // When the rate's pause ends, the backlog still holds reading
        gate.resume(Reason.RATE);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.pausedFor(Reason.BACK_PRESSURE)).isTrue();

        // and only the last lifted pause reads again
        gate.resume(Reason.BACK_PRESSURE);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void resumingAReasonThatIsNotHeldChangesNothing() {
        gate.pause(Reason.RATE);

        gate.resume(Reason.AWAITING_ANSWER);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.pausedFor(Reason.RATE)).isTrue();
    }

    @Test
    void pausingTwiceForOneReasonIsLiftedByOneResume() {
        gate.pause(Reason.BACK_PRESSURE);
        gate.pause(Reason.BACK_PRESSURE);

        gate.resume(Reason.BACK_PRESSURE);

        assertThat(channel.config().isAutoRead()).isTrue();
    }
}
