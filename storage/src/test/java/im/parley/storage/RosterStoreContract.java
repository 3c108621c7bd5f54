package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public abstract class RosterStoreContract extends StorageContract {
    @Test
    void emptyRosterHasVersionZero_rfc6121_2_6() {
        // Given
        String juliet = account("juliet");
        // When
        Roster roster = storage().rosters().roster(juliet);
        // Then
        assertThat(roster.version()).isZero();
        assertThat(roster.items()).isEmpty();
    }

    @Test
    void rosterOfAnAccountThatDoesNotExistIsEmptyAtVersionZero() {
        assertThat(storage().rosters().roster("nobody")).isEqualTo(new Roster(0, List.of()));
    }

    @Test
    void rosterReadsTheVersionWithItemsWithAndWithoutGroups_rfc6121_2_6() {
        // Given: one item in two groups, one in none, added out of contact order
        String juliet = account("juliet");
        storage().rosters().put(juliet, RosterItem.of("romeo@example.net").withSubscription(Subscription.BOTH));
        long version = storage().rosters().put(juliet, RosterItem.of("nurse@example.com")
                .withGroups(List.of("Servants", "Capulets")));
        // When
        Roster roster = storage().rosters().roster(juliet);
        // Then
        assertThat(roster).isEqualTo(new Roster(version, List.of(
                RosterItem.of("nurse@example.com").withGroups(List.of("Servants", "Capulets")),
                RosterItem.of("romeo@example.net").withSubscription(Subscription.BOTH))));
        assertThat(roster.version()).isEqualTo(storage().rosters().version(juliet)).isEqualTo(2);
    }

    @Test
    void keepsEveryFieldOfAnItem_rfc6121_2_1_2() {
        // Given: an item with name, subscription, both pending flags, pre-approval and two groups
        String juliet = account("juliet");
        RosterItem nurse = RosterItem.of("nurse@example.com").withName(Optional.of("Nurse"))
                .withSubscription(Subscription.FROM).withPendingOut(true).withPendingIn(true).withApproved(true)
                .withGroups(List.of("Servants", "Capulets"));
        // When
        storage().rosters().put(juliet, nurse);
        // Then
        assertThat(storage().rosters().item(juliet, "nurse@example.com")).contains(nurse);
        assertThat(storage().rosters().item(juliet, "nurse@example.com").orElseThrow().groups())
                .containsExactly("Capulets", "Servants");
        assertThat(storage().rosters().item(juliet, "romeo@example.net")).isEmpty();
    }

    @Test
    void everyChangeRaisesTheVersion_rfc6121_2_6_1() {
        // Given
        String juliet = account("juliet");
        // When
        long v1 = storage().rosters().put(juliet, RosterItem.of("romeo@example.net"));
        long v2 = storage().rosters().put(juliet, RosterItem.of("romeo@example.net").withSubscription(Subscription.BOTH)
                .withGroups(List.of("Friends")));
        long v3 = storage().rosters().put(juliet, RosterItem.of("nurse@example.com"));
        var removed = storage().rosters().remove(juliet, "nurse@example.com");
        var absent = storage().rosters().remove(juliet, "tybalt@example.com");
        // Then
        assertThat(List.of(v1, v2, v3, removed.orElseThrow())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(absent).isEmpty();
        Roster roster = storage().rosters().roster(juliet);
        assertThat(roster.version()).isEqualTo(4);
        assertThat(roster.items()).containsExactly(RosterItem.of("romeo@example.net")
                .withSubscription(Subscription.BOTH).withGroups(List.of("Friends")));
    }

    @Test
    void rosterListsItemsOfThatUserOnlyInContactOrder() {
        // Given
        String juliet = account("juliet");
        String romeo = account("romeo");
        storage().rosters().put(juliet, RosterItem.of("nurse@example.com").withGroups(List.of("A", "B")));
        storage().rosters().put(juliet, RosterItem.of("benvolio@example.net"));
        storage().rosters().put(romeo, RosterItem.of("mercutio@example.net"));
        // When
        Roster roster = storage().rosters().roster(juliet);
        // Then
        assertThat(roster.items()).extracting(RosterItem::contact)
                .containsExactly("benvolio@example.net", "nurse@example.com");
        assertThat(roster.items().get(1).groups()).containsExactly("A", "B");
    }

    @Test
    void refusesItemForUnknownAccountWithStorageException() {
        assertThatThrownBy(() -> storage().rosters().put("nobody", RosterItem.of("romeo@example.net")))
                .isInstanceOf(StorageException.class);
    }
}
