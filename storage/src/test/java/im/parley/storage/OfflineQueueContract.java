package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The backend must be opened with an offline queue limit of {@link #LIMIT}. */
public abstract class OfflineQueueContract extends StorageContract {
    public static final int LIMIT = 5;
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");

    private static OfflineEntry entry(String user, int n) {
        return new OfflineEntry(user, "romeo@example.net/orchard", T0.plusSeconds(n),
                "<message id='m" + n + "'><body>" + n + "</body></message>");
    }

    @Test
    void fetchReturnsTheQueueInArrivalOrder_rfc6121_8_5_2_2_2() {
        // Given
        String juliet = account("juliet");
        account("nurse");
        storage().offline().store(entry(juliet, 1));
        storage().offline().storeAll(List.of(entry(juliet, 2), entry("nurse", 9), entry(juliet, 3)));
        // When
        List<OfflineMessage> queue = storage().offline().fetch(juliet);
        // Then
        assertThat(queue).extracting(OfflineMessage::stanza).containsExactly(
                entry(juliet, 1).stanza(), entry(juliet, 2).stanza(), entry(juliet, 3).stanza());
        assertThat(queue.getFirst().stamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(queue.getFirst().from()).isEqualTo("romeo@example.net/orchard");
        assertThat(queue).extracting(OfflineMessage::id).isSorted();
    }

    @Test
    void fetchRemovesNothingAndRemoveThroughDropsOnlyAcknowledged() {
        // Given
        String juliet = account("juliet");
        storage().offline().storeAll(List.of(entry(juliet, 1), entry(juliet, 2), entry(juliet, 3)));
        List<OfflineMessage> queue = storage().offline().fetch(juliet);
        // When: the client acknowledged the first two
        int removed = storage().offline().removeThrough(juliet, queue.get(1).id());
        // Then
        assertThat(removed).isEqualTo(2);
        assertThat(storage().offline().fetch(juliet)).containsExactly(queue.get(2));
    }

    @Test
    void removeThroughAllDropsEachAccountsDeliveredStanzasInOneCall() {
        // Given two queues
        String juliet = account("juliet");
        String nurse = account("nurse");
        storage().offline().storeAll(List.of(entry(juliet, 1), entry(nurse, 2), entry(juliet, 3), entry(nurse, 4)));
        List<OfflineMessage> julietQueue = storage().offline().fetch(juliet);
        List<OfflineMessage> nurseQueue = storage().offline().fetch(nurse);
        // When juliet's whole queue and the nurse's first stanza were delivered
        int removed = storage().offline().removeThroughAll(Map.of(
                juliet, julietQueue.getLast().id(), nurse, nurseQueue.getFirst().id()));
        // Then exactly those are gone, and the kept queue lengths follow
        assertThat(removed).isEqualTo(3);
        assertThat(storage().offline().fetch(juliet)).isEmpty();
        assertThat(storage().offline().fetch(nurse)).containsExactly(nurseQueue.getLast());
        assertThat(storage().offline().count(juliet)).isZero();
        assertThat(storage().offline().count(nurse)).isEqualTo(1);
    }

    @Test
    void removesSingleMessagesById_xep0013_2_6() {
        // Given
        String juliet = account("juliet");
        storage().offline().storeAll(List.of(entry(juliet, 1), entry(juliet, 2), entry(juliet, 3)));
        List<OfflineMessage> queue = storage().offline().fetch(juliet);
        // When
        int removed = storage().offline().remove(juliet, List.of(queue.get(0).id(), queue.get(2).id()));
        // Then
        assertThat(removed).isEqualTo(2);
        assertThat(storage().offline().fetch(juliet)).containsExactly(queue.get(1));
    }

    @Test
    void refusesPastTheLimitWithoutDroppingQueued_rfc6121_8_5_2_2_1() {
        // Given: a queue one short of the limit
        String juliet = account("juliet");
        for (int i = 0; i < LIMIT - 1; i++) {
            assertThat(storage().offline().store(entry(juliet, i))).isEqualTo(OfflineStoreResult.STORED);
        }
        // When: a batch of three arrives
        List<OfflineStoreResult> results = storage().offline().storeAll(
                List.of(entry(juliet, 100), entry(juliet, 101), entry(juliet, 102)));
        // Then: the first fits, the others are refused; everything queued is still there
        assertThat(storage().offline().limit()).isEqualTo(LIMIT);
        assertThat(results).containsExactly(OfflineStoreResult.STORED, OfflineStoreResult.QUEUE_FULL,
                OfflineStoreResult.QUEUE_FULL);
        assertThat(storage().offline().fetch(juliet)).extracting(OfflineMessage::stanza)
                .first().isEqualTo(entry(juliet, 0).stanza());
        assertThat(storage().offline().count(juliet)).isEqualTo(LIMIT);
    }

    @Test
    void concurrentDrainsEachRemoveOnlyTheirOwnDeliveredStanzas() throws Exception {
        // Given 20 accounts with three queued stanzas each, all logging in at once (their deletes share commits)
        List<String> accounts = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String account = account("drain" + i);
            accounts.add(account);
            storage().offline().storeAll(List.of(entry(account, 1), entry(account, 2), entry(account, 3)));
            delivered.add(storage().offline().fetch(account).get(1).id()); // the first two were delivered
        }
        // When
        List<Thread> threads = new ArrayList<>();
        List<Integer> removed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < accounts.size(); i++) {
            String account = accounts.get(i);
            long through = delivered.get(i);
            threads.add(Thread.ofVirtual().start(() -> removed.add(storage().offline().removeThrough(account, through))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Then each lost exactly its two delivered stanzas, and its kept count (the limit's basis) follows
        assertThat(removed).hasSize(accounts.size()).containsOnly(2);
        for (String account : accounts) {
            assertThat(storage().offline().fetch(account)).extracting(OfflineMessage::stanza)
                    .containsExactly(entry(account, 3).stanza());
            assertThat(storage().offline().count(account)).isEqualTo(1);
        }
    }

    @Test
    void limitHoldsUnderConcurrentStores() throws Exception {
        // Given
        String juliet = account("juliet");
        // When: eight threads store two each at once
        List<Thread> threads = new ArrayList<>();
        List<OfflineStoreResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int base = t * 10;
            threads.add(Thread.ofPlatform().start(() -> results.addAll(
                    storage().offline().storeAll(List.of(entry(juliet, base), entry(juliet, base + 1))))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Then: exactly the limit was stored
        assertThat(results).filteredOn(r -> r == OfflineStoreResult.STORED).hasSize(LIMIT);
        assertThat(storage().offline().count(juliet)).isEqualTo(LIMIT);
    }

    @Test
    void refusesStanzaForUnknownAccount_rfc6121_8_5_2_1_1() {
        // Given
        String juliet = account("juliet");
        // When
        List<OfflineStoreResult> results = storage().offline().storeAll(List.of(entry("nobody", 1), entry(juliet, 2)));
        // Then
        assertThat(results).containsExactly(OfflineStoreResult.NO_SUCH_USER, OfflineStoreResult.STORED);
    }

    @Test
    void emptyQueueFetchesNothing() {
        String juliet = account("juliet");
        assertThat(storage().offline().fetch(juliet)).isEmpty();
        assertThat(storage().offline().storeAll(List.of())).isEmpty();
        assertThat(IntStream.of(storage().offline().remove(juliet, List.of()))).containsExactly(0);
    }
}
