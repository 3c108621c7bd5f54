package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class BlockListStoreContract extends StorageContract {
    @Test
    void blocksUnblocksAndIgnoresDuplicates_xep0191_3_3() {
        // Given
        String juliet = account("juliet");
        // When
        int added = storage().blockLists().block(juliet, List.of("tybalt@capulet.lit", "montague.lit"));
        int again = storage().blockLists().block(juliet, List.of("tybalt@capulet.lit", "paris@verona.lit"));
        // Then
        assertThat(added).isEqualTo(2);
        assertThat(again).isEqualTo(1);
        assertThat(storage().blockLists().blocked(juliet))
                .containsExactly("montague.lit", "paris@verona.lit", "tybalt@capulet.lit");
        assertThat(storage().blockLists().isBlocked(juliet, "montague.lit")).isTrue();
        assertThat(storage().blockLists().unblock(juliet, List.of("montague.lit", "nobody@x.lit"))).isEqualTo(1);
        assertThat(storage().blockLists().isBlocked(juliet, "montague.lit")).isFalse();
    }

    @Test
    void everyChangeIsReadBackAtOnce_xep0191_3_3() {
        // Given: juliet's list read (and so kept) before each change
        String juliet = account("juliet");
        assertThat(storage().blockLists().blocked(juliet)).isEmpty();
        // When / Then
        storage().blockLists().block(juliet, List.of("tybalt@capulet.lit"));
        assertThat(storage().blockLists().blocked(juliet)).containsExactly("tybalt@capulet.lit");
        assertThat(storage().blockLists().isBlocked(juliet, "tybalt@capulet.lit")).isTrue();
        storage().blockLists().unblock(juliet, List.of("tybalt@capulet.lit"));
        assertThat(storage().blockLists().isBlocked(juliet, "tybalt@capulet.lit")).isFalse();
        storage().blockLists().block(juliet, List.of("paris@verona.lit"));
        storage().blockLists().unblockAll(juliet);
        assertThat(storage().blockLists().blocked(juliet)).isEmpty();
    }

    @Test
    void aNameRegisteredAgainStartsWithAnEmptyList() {
        // Given: juliet blocks tybalt, her list is read, then her account is deleted
        String juliet = account("juliet");
        storage().blockLists().block(juliet, List.of("tybalt@capulet.lit"));
        assertThat(storage().blockLists().isBlocked(juliet, "tybalt@capulet.lit")).isTrue();
        storage().users().delete(juliet);
        // When: someone registers the name again
        account(juliet);
        // Then: the old account's list does not carry over
        assertThat(storage().blockLists().blocked(juliet)).isEmpty();
        assertThat(storage().blockLists().isBlocked(juliet, "tybalt@capulet.lit")).isFalse();
    }

    @Test
    void unblockWithoutItemsEmptiesTheList_xep0191_3_4() {
        String juliet = account("juliet");
        storage().blockLists().block(juliet, List.of("a@x.lit", "b@x.lit"));
        assertThat(storage().blockLists().unblockAll(juliet)).isEqualTo(2);
        assertThat(storage().blockLists().blocked(juliet)).isEmpty();
    }
}
