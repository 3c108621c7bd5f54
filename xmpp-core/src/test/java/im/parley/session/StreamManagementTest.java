package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

class StreamManagementTest {
    private final StreamManagement sm = new StreamManagement("id-1", true, 100);

    @Test
    void anAckDropsWhatItAcknowledgesAndKeepsTheRestInOrder_xep0198_4() {
        // Given five stanzas sent
        IntStream.rangeClosed(1, 5).forEach(i -> sm.sent(message(i)));
        // When the client says it handled three
        var newlyAcked = sm.acknowledge(3);
        // Then
        assertThat(newlyAcked).contains(3);
        assertThat(sm.unacknowledged()).extracting(Packet::getID).containsExactly("m4", "m5");
    }

    @Test
    void anAckOfMoreThanWasSentIsRefused_xep0198_4() {
        sm.sent(message(1));
        assertThat(sm.acknowledge(2)).isEmpty();
        assertThat(sm.unacknowledged()).hasSize(1);
    }

    @Test
    void aRepeatedAckChangesNothing_xep0198_4() {
        IntStream.rangeClosed(1, 3).forEach(i -> sm.sent(message(i)));
        sm.acknowledge(2);
        assertThat(sm.acknowledge(2)).contains(0);
        assertThat(sm.unacknowledged()).extracting(Packet::getID).containsExactly("m3");
    }

    @Test
    void acknowledgementsCountModulo2To32_xep0198_5() {
        // Given a count just below the wrap, as after four billion stanzas
        StreamManagement wrapping = new StreamManagement("id-2", true, 100);
        wrapping.sent(message(1));
        wrapping.acknowledge(1);
        for (long i = 0; i < 3; i++) {
            wrapping.sent(message((int) i));
        }
        // When h wraps to 0 after 2^32 - 1 ... (modular arithmetic): acknowledging 4 means all three
        assertThat(wrapping.acknowledge(4)).contains(3);
        assertThat(wrapping.acknowledge((4 + (1L << 32)) & 0xFFFF_FFFFL)).contains(0);
    }

    @Test
    void asksForAnAckOncePerOutstandingRequest_xep0198_4() {
        assertThat(sm.shouldRequestAck()).isFalse(); // nothing unacknowledged
        sm.sent(message(1));
        assertThat(sm.shouldRequestAck()).isTrue();
        sm.sent(message(2));
        assertThat(sm.shouldRequestAck()).isFalse(); // one request is outstanding
        sm.acknowledge(2);
        sm.sent(message(3));
        assertThat(sm.shouldRequestAck()).isTrue();
    }

    @Test
    void refusesToQueueBeyondItsLimit() {
        StreamManagement small = new StreamManagement("id-3", true, 2);
        assertThat(small.sent(message(1))).isTrue();
        assertThat(small.sent(message(2))).isTrue();
        assertThat(small.sent(message(3))).isFalse();
    }

    @Test
    void drainingHandsOverEveryUnacknowledgedStanzaOnce() {
        IntStream.rangeClosed(1, 3).forEach(i -> sm.sent(message(i)));
        assertThat(sm.drain()).hasSize(3);
        assertThat(sm.drain()).isEmpty();
    }

    @Test
    void countsHandledInboundStanzas_xep0198_4() {
        sm.inboundHandled();
        sm.inboundHandled();
        assertThat(sm.handled()).isEqualTo(2);
    }

    private static Message message(int i) {
        Message message = new Message();
        message.setID("m" + i);
        message.setBody("line " + i);
        return message;
    }
}
