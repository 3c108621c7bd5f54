package im.parley.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public abstract class MessageArchiveContract extends StorageContract {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final String ROMEO = "romeo@montague.lit";
    private static final String NURSE = "nurse@capulet.lit";

    private String juliet;

    /** Ten messages with romeo (r0…r9) interleaved with five with the nurse (n0…n4), one second apart. */
    @BeforeEach
    void fillArchive() {
        juliet = account("juliet");
        List<ArchivedMessage> messages = new ArrayList<>();
        int second = 0;
        for (int i = 0; i < 10; i++) {
            messages.add(message("r" + i, ROMEO, second++, i % 2 == 0 ? Direction.INCOMING : Direction.OUTGOING));
            if (i % 2 == 0) {
                messages.add(message("n" + i / 2, NURSE, second++, Direction.INCOMING));
            }
        }
        storage().archive().appendAll(messages);
    }

    private ArchivedMessage message(String id, String peer, int second, Direction direction) {
        return new ArchivedMessage(id, juliet, T0.plusSeconds(second), peer, direction,
                "<message id='" + id + "'><body>" + id + "</body></message>");
    }

    private ArchivePage query(ArchiveQuery query) {
        return storage().archive().query(query).orElseThrow();
    }

    private static List<String> ids(ArchivePage page) {
        return page.messages().stream().map(ArchivedMessage::id).toList();
    }

    @Test
    void firstPageByPeerIsOldestFirstWithCount_xep0313_4_1_1() {
        // When
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(3)).withPeer(ROMEO));
        // Then
        assertThat(ids(page)).containsExactly("r0", "r1", "r2");
        assertThat(page.count()).isEqualTo(10);
        assertThat(page.complete()).isFalse();
        assertThat(page.first()).contains("r0");
        assertThat(page.last()).contains("r2");
        assertThat(page.messages().getFirst()).isEqualTo(message("r0", ROMEO, 0, Direction.INCOMING));
    }

    @Test
    void pagesForwardWithAfterUntilComplete_xep0059_2_2() {
        // Given
        List<String> seen = new ArrayList<>();
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(4)).withPeer(ROMEO));
        seen.addAll(ids(page));
        // When
        while (!page.complete()) {
            page = query(ArchiveQuery.all(juliet, PageRequest.after(page.last().orElseThrow(), 4)).withPeer(ROMEO));
            seen.addAll(ids(page));
        }
        // Then
        assertThat(seen).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        assertThat(ids(page)).containsExactly("r8", "r9");
    }

    @Test
    void pagesBackwardFromTheLastPage_xep0059_2_5() {
        // When
        ArchivePage last = query(ArchiveQuery.all(juliet, PageRequest.last(4)).withPeer(ROMEO));
        ArchivePage before = query(ArchiveQuery.all(juliet, PageRequest.before(last.first().orElseThrow(), 4))
                .withPeer(ROMEO));
        ArchivePage oldest = query(ArchiveQuery.all(juliet, PageRequest.before(before.first().orElseThrow(), 4))
                .withPeer(ROMEO));
        // Then: each page is still in chronological order; the oldest page is complete
        assertThat(ids(last)).containsExactly("r6", "r7", "r8", "r9");
        assertThat(last.complete()).isFalse();
        assertThat(ids(before)).containsExactly("r2", "r3", "r4", "r5");
        assertThat(ids(oldest)).containsExactly("r0", "r1");
        assertThat(oldest.complete()).isTrue();
    }

    @Test
    void withoutPeerReturnsWholeArchive() {
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(100)));
        assertThat(page.count()).isEqualTo(15);
        assertThat(ids(page)).startsWith("r0", "n0", "r1", "r2", "n1");
        assertThat(page.complete()).isTrue();
    }

    @Test
    void filtersByInclusiveTimeRange_xep0313_4_1_1() {
        // When: seconds 1..4 are n0, r1, r2, n1
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(10))
                .between(Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(4))));
        // Then
        assertThat(ids(page)).containsExactly("n0", "r1", "r2", "n1");
        assertThat(page.count()).isEqualTo(4);
    }

    @Test
    void filtersByIds_xep0313_4_1_4() {
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(10)).withIds(List.of("r3", "n2", "zz")));
        assertThat(ids(page)).containsExactly("r3", "n2");
    }

    @Test
    void unknownCursorIsEmptyForItemNotFound_xep0313_4_1_2() {
        assertThat(storage().archive().query(ArchiveQuery.all(juliet, PageRequest.after("nope", 5)))).isEmpty();
        assertThat(storage().archive().query(ArchiveQuery.all(juliet, PageRequest.before("nope", 5)))).isEmpty();
    }

    @Test
    void maxZeroCountsOnly_xep0059_2_7() {
        ArchivePage page = query(ArchiveQuery.all(juliet, PageRequest.first(0)).withPeer(NURSE));
        assertThat(page.messages()).isEmpty();
        assertThat(page.count()).isEqualTo(5);
    }

    @Test
    void archivesAreSeparatePerOwnerAndIdsUniquePerOwner_xep0359_4() {
        // Given
        String romeo = account("romeo");
        ArchivedMessage copy = new ArchivedMessage("r0", romeo, T0, "juliet@capulet.lit", Direction.OUTGOING, "<message/>");
        // When
        storage().archive().append(copy);
        // Then
        assertThat(storage().archive().find(romeo, "r0")).contains(copy);
        assertThat(query(ArchiveQuery.all(romeo, PageRequest.first(10))).count()).isEqualTo(1);
        assertThatThrownBy(() -> storage().archive().append(copy)).isInstanceOf(StorageException.class);
    }

    @Test
    void messagesOfAnAccountDeletedMeanwhileAreLeftOut() {
        // Given: romeo's account is deleted while a batch with a message for his archive waits to be written
        String romeo = account("romeo");
        storage().users().delete(romeo);
        ArchivedMessage toRomeo = new ArchivedMessage("x1", romeo, T0, "juliet@capulet.lit", Direction.INCOMING, "<m/>");
        ArchivedMessage fromJuliet = new ArchivedMessage("x1", juliet, T0, ROMEO, Direction.OUTGOING, "<m/>");
        // When
        storage().archive().appendAll(List.of(toRomeo, fromJuliet));
        // Then: juliet's copy is stored; a new account of romeo's name starts with an empty archive
        assertThat(storage().archive().find(juliet, "x1")).contains(fromJuliet);
        account("romeo");
        assertThat(storage().archive().find(romeo, "x1")).isEmpty();
        assertThat(query(ArchiveQuery.all(romeo, PageRequest.first(10))).count()).isZero();
    }

    @Test
    void anArchiveWithoutAnAccountIsEmpty() {
        assertThat(query(ArchiveQuery.all("nobody", PageRequest.first(10))).messages()).isEmpty();
        assertThat(storage().archive().query(ArchiveQuery.all("nobody", PageRequest.after("r1", 10)))).isEmpty();
        assertThat(storage().archive().removeAll("nobody")).isZero();
    }

    @Test
    void removesOlderThanAndAll() {
        assertThat(storage().archive().removeOlderThan(juliet, T0.plusSeconds(3))).isEqualTo(3);
        assertThat(storage().archive().find(juliet, "r1")).isEmpty();
        assertThat(storage().archive().removeAll(juliet)).isEqualTo(12);
    }
}
