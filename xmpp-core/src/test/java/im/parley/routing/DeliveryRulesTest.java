package im.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.session.LocalSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Message;

class DeliveryRulesTest {
    private final FakeSession balcony = FakeSession.of("juliet@capulet.lit/balcony", true, 5);
    private final FakeSession chamber = FakeSession.of("juliet@capulet.lit/chamber", true, 5);
    private final FakeSession garden = FakeSession.of("juliet@capulet.lit/garden", true, 1);
    private final FakeSession hidden = FakeSession.of("juliet@capulet.lit/hidden", true, -1);
    private final FakeSession connectedOnly = FakeSession.of("juliet@capulet.lit/quiet", false, 10);
    private final List<LocalSession> all = List.of(balcony, chamber, garden, hidden, connectedOnly);

    @Test
    void chatGoesToEveryResourceOfHighestPriority_rfc6121_8_5_2_1_1() {
        // When
        List<LocalSession> targets = DeliveryRules.messageTargets(Message.Type.chat, all);
        // Then: both priority-5 resources, never the negative or unavailable ones
        assertThat(targets).containsExactlyInAnyOrder(balcony, chamber);
    }

    @Test
    void normalFollowsTheSameRuleAsChat_rfc6121_8_5_2_1_1() {
        assertThat(DeliveryRules.messageTargets(Message.Type.normal, List.of(garden, hidden))).containsExactly(garden);
    }

    @Test
    void headlineGoesToEveryNonNegativeResource_rfc6121_8_5_2_1_1() {
        assertThat(DeliveryRules.messageTargets(Message.Type.headline, all)).containsExactlyInAnyOrder(balcony, chamber, garden);
    }

    @Test
    void negativePriorityNeverReceivesBareJidMessages_rfc6121_4_7_2_3() {
        assertThat(DeliveryRules.messageTargets(Message.Type.chat, List.of(hidden, connectedOnly))).isEmpty();
    }

    @Test
    void groupchatAndErrorAreNeverDeliveredToABareJid_rfc6121_8_5_2_1_1() {
        assertThat(DeliveryRules.messageTargets(Message.Type.groupchat, all)).isEmpty();
        assertThat(DeliveryRules.messageTargets(Message.Type.error, all)).isEmpty();
    }

    @Test
    void presenceGoesToEveryAvailableResource_rfc6121_8_5_2_1_2() {
        assertThat(DeliveryRules.presenceTargets(all)).containsExactlyInAnyOrder(balcony, chamber, garden, hidden);
    }
}
