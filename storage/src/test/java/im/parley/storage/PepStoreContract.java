package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class PepStoreContract extends StorageContract {
    private static final String NODE = "http://jabber.org/protocol/tune";
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static PepItem item(String id, int second) {
        return new PepItem(id, "juliet@capulet.lit/balcony", T0.plusSeconds(second), "<tune xmlns='" + NODE + "'/>");
    }

    @Test
    void keepsNodeConfiguration_xep0060_16_4() {
        // Given
        String juliet = account("juliet");
        // When
        storage().pep().putNode(juliet, new PepNode(NODE, Map.of("pubsub#access_model", "presence")));
        storage().pep().putNode(juliet, new PepNode(NODE, Map.of("pubsub#access_model", "open", "pubsub#max_items", "3")));
        // Then
        assertThat(storage().pep().node(juliet, NODE)).contains(
                new PepNode(NODE, Map.of("pubsub#access_model", "open", "pubsub#max_items", "3")));
        assertThat(storage().pep().nodes(juliet)).hasSize(1);
    }

    @Test
    void republishingAnIdReplacesItAndMaxItemsDropsTheOldest_xep0060_7_1_2() {
        // Given
        String juliet = account("juliet");
        storage().pep().putNode(juliet, new PepNode(NODE, Map.of()));
        // When
        storage().pep().publish(juliet, NODE, item("a", 1), 2);
        storage().pep().publish(juliet, NODE, item("b", 2), 2);
        storage().pep().publish(juliet, NODE, item("a", 3), 2);
        storage().pep().publish(juliet, NODE, item("c", 4), 2);
        // Then: b was the oldest once a was republished
        assertThat(storage().pep().items(juliet, NODE, 10)).containsExactly(item("a", 3), item("c", 4));
        assertThat(storage().pep().items(juliet, NODE, 1)).containsExactly(item("c", 4));
        assertThat(storage().pep().item(juliet, NODE, "b")).isEmpty();
    }

    @Test
    void retractPurgeAndDeleteNode_xep0060_7_2_and_8_5() {
        // Given
        String juliet = account("juliet");
        storage().pep().putNode(juliet, new PepNode(NODE, Map.of()));
        storage().pep().publish(juliet, NODE, item("a", 1), 10);
        storage().pep().publish(juliet, NODE, item("b", 2), 10);
        storage().pep().publish(juliet, NODE, item("c", 3), 10);
        // When / Then
        assertThat(storage().pep().retract(juliet, NODE, "a")).isTrue();
        assertThat(storage().pep().retract(juliet, NODE, "a")).isFalse();
        assertThat(storage().pep().purge(juliet, NODE)).isEqualTo(2);
        storage().pep().subscribe(new PepSubscription(juliet, NODE, "romeo@montague.lit", PepSubscription.State.SUBSCRIBED));
        assertThat(storage().pep().deleteNode(juliet, NODE)).isTrue();
        assertThat(storage().pep().node(juliet, NODE)).isEmpty();
        assertThat(storage().pep().subscriptionsOf("romeo@montague.lit")).isEmpty();
    }

    @Test
    void subscriptionsByNodeAndBySubscriber_xep0060_5_6() {
        // Given
        String juliet = account("juliet");
        String nurse = account("nurse");
        storage().pep().putNode(juliet, new PepNode(NODE, Map.of()));
        storage().pep().putNode(nurse, new PepNode(NODE, Map.of()));
        PepSubscription toJuliet = new PepSubscription(juliet, NODE, "romeo@montague.lit", PepSubscription.State.PENDING);
        PepSubscription toNurse = new PepSubscription(nurse, NODE, "romeo@montague.lit", PepSubscription.State.SUBSCRIBED);
        // When
        storage().pep().subscribe(toJuliet);
        storage().pep().subscribe(toNurse);
        PepSubscription approved = new PepSubscription(juliet, NODE, "romeo@montague.lit", PepSubscription.State.SUBSCRIBED);
        storage().pep().subscribe(approved);
        // Then
        assertThat(storage().pep().subscriptions(juliet, NODE)).containsExactly(approved);
        assertThat(storage().pep().subscriptionsOf("romeo@montague.lit")).containsExactly(approved, toNurse);
        assertThat(storage().pep().unsubscribe(nurse, NODE, "romeo@montague.lit")).isTrue();
        assertThat(storage().pep().subscriptionsOf("romeo@montague.lit")).containsExactly(approved);
        assertThat(List.of(storage().pep().unsubscribe(nurse, NODE, "romeo@montague.lit"))).containsExactly(false);
    }
}
