package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** Every transaction the group committer ran, in order. */
    private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstMayCommit = new CountDownLatch(1);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** Writes entries as their upper-case form; holds the first transaction until the test lets it go. */
    private List<String> write(List<String> entries) {
        transactions.add(List.copyOf(entries));
        if (transactions.size() == 1) {
            try {
                firstMayCommit.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (entries.contains("unreachable")) {
            throw new im.parley.storage.StorageException("no connection",
                    new java.sql.SQLTransientConnectionException("request timed out"));
        }
        if (entries.contains("bad")) {
            throw new IllegalStateException("constraint violated by bad");
        }
        return entries.stream().map(String::toUpperCase).toList();
    }

    private CompletableFuture<List<String>> submit(GroupCommit<String, String> group, String... entries) {
        return CompletableFuture.supplyAsync(() -> group.submit(List.of(entries)), callers);
    }

    @Test
    void callersArrivingDuringACommitShareTheNextOne() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>(this::write, 100);
        CompletableFuture<List<String>> first = submit(group, "a");
        await().until(() -> transactions.size() == 1);
        CompletableFuture<List<String>> second = submit(group, "b", "c");
        CompletableFuture<List<String>> third = submit(group, "d");
        await().until(() -> group.queued() == 2);

        firstMayCommit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("A");
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly("B", "C");
        assertThat(third.get(10, TimeUnit.SECONDS)).containsExactly("D");
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void aFailingEntryFailsOnlyItsOwnCaller() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>(this::write, 100);
        CompletableFuture<List<String>> first = submit(group, "a");
        await().until(() -> transactions.size() == 1);
        CompletableFuture<List<String>> bad = submit(group, "x", "bad");
        CompletableFuture<List<String>> good = submit(group, "y");
        await().until(() -> group.queued() == 2);

        firstMayCommit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("A");
        assertThat(good.get(10, TimeUnit.SECONDS)).containsExactly("Y");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("constraint violated by bad");
    }

    @Test
    void anUnreachableDatabaseFailsEveryCallerOfTheBatchAtOnce() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>(this::write, 100);
        CompletableFuture<List<String>> first = submit(group, "a");
        await().until(() -> transactions.size() == 1);
        CompletableFuture<List<String>> one = submit(group, "x", "unreachable");
        CompletableFuture<List<String>> other = submit(group, "y");
        await().until(() -> group.queued() == 2);

        firstMayCommit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("A");
        assertThatThrownBy(() -> one.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("request timed out");
        assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("request timed out");
        // one attempt for the batch, none per caller: each would wait for the pool's timeout again
        assertThat(transactions).hasSize(2);
    }

    @Test
    void aBatchStopsAtTheLimitWithoutSplittingACaller() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>(this::write, 3);
        CompletableFuture<List<String>> first = submit(group, "a");
        await().until(() -> transactions.size() == 1);
        CompletableFuture<List<String>> pair = submit(group, "b", "c");
        await().until(() -> group.queued() == 1);
        CompletableFuture<List<String>> another = submit(group, "d", "e");
        await().until(() -> group.queued() == 2);

        firstMayCommit.countDown();

        assertThat(pair.get(10, TimeUnit.SECONDS)).containsExactly("B", "C");
        assertThat(another.get(10, TimeUnit.SECONDS)).containsExactly("D", "E");
        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("A");
        assertThat(transactions).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    @Test
    void aLoneCallerCommitsAtOnce() {
        firstMayCommit.countDown();
        Function<List<String>, List<String>> echo = this::write;
        GroupCommit<String, String> group = new GroupCommit<>(echo, 10);
        assertThat(group.submit(List.of("z"))).containsExactly("Z");
        assertThat(group.submit(List.of())).isEmpty();
        assertThat(transactions).containsExactly(List.of("z"));
    }
}
