package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class UserStoreContract extends StorageContract {
    @Test
    void createsAccountOnceAndRefusesTakenName() {
        // Given
        UserStore users = storage().users();
        // When
        boolean first = users.create("juliet", List.of(credential(ScramHash.SHA_256, 1)));
        boolean second = users.create("juliet", List.of(credential(ScramHash.SHA_1, 2)));
        // Then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(users.exists("juliet")).isTrue();
        assertThat(users.count()).isEqualTo(1);
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_1)).isEmpty();
    }

    @Test
    void existsFollowsDeletionAndRecreation() {
        // Given: juliet looked up (and so remembered) once
        UserStore users = storage().users();
        account("juliet");
        assertThat(users.exists("juliet")).isTrue();
        assertThat(users.exists("juliet")).isTrue();
        // When / Then: deleted, she is gone; registered again, she is back; a name never created never exists
        users.delete("juliet");
        assertThat(users.exists("juliet")).isFalse();
        account("juliet");
        assertThat(users.exists("juliet")).isTrue();
        assertThat(users.exists("nobody")).isFalse();
    }

    @Test
    void listsUsernamesInOrderPageByPage() {
        // Given
        account("romeo");
        account("juliet");
        account("benvolio");
        // When / Then
        assertThat(storage().users().usernames(0, 2)).containsExactly("benvolio", "juliet");
        assertThat(storage().users().usernames(2, 2)).containsExactly("romeo");
    }

    @Test
    void deletingAnAccountRemovesEverythingItOwns() {
        // Given: an account with something in every store
        Storage s = storage();
        String juliet = account("juliet");
        account("romeo");
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        s.rosters().put(juliet, RosterItem.of("romeo@capulet.lit"));
        s.offline().store(new OfflineEntry(juliet, "romeo@capulet.lit/a", now, "<message/>"));
        s.archive().append(new ArchivedMessage("a1", juliet, now, "romeo@capulet.lit", Direction.INCOMING, "<message/>"));
        s.pep().putNode(juliet, new PepNode("urn:xmpp:avatar:metadata", java.util.Map.of("pubsub#max_items", "1")));
        s.pep().publish(juliet, "urn:xmpp:avatar:metadata", new PepItem("i1", juliet, now, "<x/>"), 1);
        s.preKeys().putDevice(juliet, new DeviceKeys(7, new byte[] {1}, 1, new byte[] {2}, new byte[] {3}));
        s.preKeys().addPreKeys(juliet, 7, List.of(new PreKey(1, new byte[] {4})));
        s.lastActivity().put(juliet, new LastActivity(now, "gone"));
        s.blockLists().block(juliet, List.of("tybalt@capulet.lit"));
        s.vcards().put(juliet, "<vCard xmlns='vcard-temp'/>");
        s.privateXml().put(juliet, "exodus", "exodus:prefs", "<exodus xmlns='exodus:prefs'/>");
        // When
        boolean deleted = s.users().delete(juliet);
        // Then: nothing of juliet's is left, romeo is untouched; re-creating her starts empty
        assertThat(deleted).isTrue();
        assertThat(s.users().delete(juliet)).isFalse();
        assertThat(s.users().exists("romeo")).isTrue();
        account(juliet);
        assertThat(s.rosters().roster(juliet).items()).isEmpty();
        assertThat(s.rosters().version(juliet)).isZero();
        assertThat(s.offline().count(juliet)).isZero();
        assertThat(s.archive().find(juliet, "a1")).isEmpty();
        assertThat(s.pep().nodes(juliet)).isEmpty();
        assertThat(s.preKeys().devices(juliet)).isEmpty();
        assertThat(s.lastActivity().find(juliet)).isEmpty();
        assertThat(s.blockLists().blocked(juliet)).isEmpty();
        assertThat(s.vcards().find(juliet)).isEmpty();
        assertThat(s.privateXml().find(juliet, "exodus", "exodus:prefs")).isEqualTo(Optional.empty());
    }
}
