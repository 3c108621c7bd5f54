package im.parley.bench.storage;

import im.parley.storage.ArchiveQuery;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.DeviceKeys;
import im.parley.storage.Direction;
import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineMessage;
import im.parley.storage.OfflineStoreResult;
import im.parley.storage.PageRequest;
import im.parley.storage.PreKey;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.jdbc.JdbcStorage;
import im.parley.storage.testing.PostgresCluster;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints storage figures for H2 and PostgreSQL. Arguments: {@code [archive-rows] [h2|postgresql|both]
 * [parts]}, parts being a comma-separated subset of {@code offline,archive,claims} (default: all three).
 * Each backend gets a fresh database: H2 in a temporary directory, PostgreSQL in a throw-away cluster.
 */
public final class StorageBench {
    private static final int USERS = 100;
    private static final int OFFLINE_PER_USER = 1_000;
    private static final int OFFLINE_BATCH = 100;
    private static final int PEERS = 20;
    private static final int APPEND_BATCH = 1_000;
    private static final int SINGLE_APPENDS = 5_000;
    private static final int PAGE = 50;
    private static final int QUERIES = 2_000;
    private static final int CLAIMANTS = 32;
    private static final int PRE_KEYS = 10_000;
    private static final String STANZA = "<message xmlns='jabber:client' from='romeo@montague.lit/orchard'"
            + " to='juliet@capulet.lit' type='chat' id='%s'><body>Wherefore art thou, Romeo? %s</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        int archiveRows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String which = args.length > 1 ? args[1] : "both";
        Set<String> parts = Set.of((args.length > 2 ? args[2] : "offline,archive,claims").split(","));
        System.out.printf("Parley storage bench: %d archive rows, %d users, Java %s, %d CPUs%n", archiveRows, USERS,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        if (!which.equals("postgresql")) {
            Path dir = Files.createTempDirectory("parley-bench-h2-");
            StorageConfig h2 = StorageConfig.h2(dir);
            run("H2", new StorageConfig(h2.url(), h2.user(), h2.password(), CLAIMANTS, 1_000_000), archiveRows, parts);
        }
        if (!which.equals("h2")) {
            Optional<Path> bin = PostgresCluster.binaries();
            if (bin.isEmpty()) {
                System.out.println("PostgreSQL: binaries not found, skipped");
                return;
            }
            try (PostgresCluster cluster = PostgresCluster.start(bin.get())) {
                StorageConfig pg = new StorageConfig(cluster.createDatabase("bench"), PostgresCluster.USER, "",
                        CLAIMANTS, 1_000_000);
                run("PostgreSQL", pg, archiveRows, parts);
            }
        }
    }

    private static void run(String name, StorageConfig config, int archiveRows, Set<String> parts)
            throws Exception {
        try (Storage storage = JdbcStorage.open(config)) {
            for (int u = 0; u < USERS; u++) {
                storage.users().create("user" + u, List.of());
            }
            System.out.println("== " + name);
            if (parts.contains("offline")) {
                offline(storage);
            }
            if (parts.contains("archive")) {
                archive(storage, archiveRows);
            }
            if (parts.contains("claims")) {
                claims(storage);
            }
        }
    }

    private static void offline(Storage storage) {
        Instant now = Instant.now();
        // Single stores: one transaction per stanza, the worst case for a commit-per-ack server.
        int singles = 5_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < singles; i++) {
            storage.offline().store(new OfflineEntry("user" + (i % USERS), "romeo@montague.lit", now,
                    STANZA.formatted("s" + i, i)));
        }
        report("offline store, one per commit", singles, System.nanoTime() - t0);
        for (int u = 0; u < USERS; u++) {
            storage.offline().removeThrough("user" + u, Long.MAX_VALUE);
        }
        // Batched stores: what a per-user executor does with the stanzas that queued up meanwhile.
        long total = (long) USERS * OFFLINE_PER_USER;
        t0 = System.nanoTime();
        List<OfflineEntry> batch = new ArrayList<>(OFFLINE_BATCH);
        for (int i = 0; i < total; i++) {
            // per user, as the core's per-user executor batches what queued up for one recipient
            batch.add(new OfflineEntry("user" + (i / OFFLINE_PER_USER), "romeo@montague.lit", now,
                    STANZA.formatted("b" + i, i)));
            if (batch.size() == OFFLINE_BATCH) {
                requireStored(storage.offline().storeAll(batch));
                batch.clear();
            }
        }
        report("offline store, batches of " + OFFLINE_BATCH + " per user", total, System.nanoTime() - t0);
        // Drain: one query per user, then one delete after the (simulated) acknowledgement.
        t0 = System.nanoTime();
        long drained = 0;
        for (int u = 0; u < USERS; u++) {
            List<OfflineMessage> queue = storage.offline().fetch("user" + u);
            drained += queue.size();
            storage.offline().removeThrough("user" + u, queue.getLast().id());
        }
        report("offline drain (fetch + delete per user)", drained, System.nanoTime() - t0);
    }

    private static void requireStored(List<OfflineStoreResult> results) {
        if (results.stream().anyMatch(r -> r != OfflineStoreResult.STORED)) {
            throw new IllegalStateException("offline store refused: " + results);
        }
    }

    private static void archive(Storage storage, int rows) {
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        List<ArchivedMessage> batch = new ArrayList<>(APPEND_BATCH);
        for (int i = 0; i < rows; i++) {
            String owner = "user" + (i % USERS);
            String peer = "peer" + ((i / USERS) % PEERS) + "@example.net";
            batch.add(new ArchivedMessage("id" + i, owner, base.plusMillis(i), peer,
                    i % 2 == 0 ? Direction.INCOMING : Direction.OUTGOING, STANZA.formatted("id" + i, i)));
            if (batch.size() == APPEND_BATCH) {
                storage.archive().appendAll(batch);
                batch.clear();
            }
        }
        storage.archive().appendAll(batch);
        report("archive append, batches of " + APPEND_BATCH, rows, System.nanoTime() - t0);
        // The honest per-message cost once the archive is large: one commit per message (append), and the two
        // copies of one chat message (sender's and recipient's archive) in one commit.
        t0 = System.nanoTime();
        for (int i = 0; i < SINGLE_APPENDS; i++) {
            storage.archive().append(new ArchivedMessage("one" + i, "user" + (i % USERS), base.plusMillis(rows + i),
                    "peer0@example.net", Direction.OUTGOING, STANZA.formatted("one" + i, i)));
        }
        report("archive append, one per commit", SINGLE_APPENDS, System.nanoTime() - t0);
        t0 = System.nanoTime();
        for (int i = 0; i < SINGLE_APPENDS; i += 2) {
            String sender = "user" + (i % USERS);
            String recipient = "user" + ((i + 1) % USERS);
            Instant at = base.plusMillis(rows + SINGLE_APPENDS + i);
            storage.archive().appendAll(List.of(
                    new ArchivedMessage("two" + i, sender, at, recipient + "@example.net", Direction.OUTGOING,
                            STANZA.formatted("two" + i, i)),
                    new ArchivedMessage("two" + i, recipient, at, sender + "@example.net", Direction.INCOMING,
                            STANZA.formatted("two" + i, i))));
        }
        report("archive append, two copies per commit", SINGLE_APPENDS, System.nanoTime() - t0);

        // Pages of 50 by peer: the last page (what a client opens a chat with), then one page back from it.
        Histogram latest = new Histogram(3);
        Histogram before = new Histogram(3);
        for (int warm = 0; warm < 200; warm++) {
            query(storage, ArchiveQuery.all("user" + (warm % USERS), PageRequest.last(PAGE)).withPeer("peer1@example.net"));
        }
        for (int q = 0; q < QUERIES; q++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            ArchiveQuery query = ArchiveQuery.all("user" + random.nextInt(USERS), PageRequest.last(PAGE))
                    .withPeer("peer" + random.nextInt(PEERS) + "@example.net");
            long s = System.nanoTime();
            var page = query(storage, query);
            latest.recordValue((System.nanoTime() - s) / 1_000);
            s = System.nanoTime();
            query(storage, query.withPage(PageRequest.before(page.first().orElseThrow(), PAGE)));
            before.recordValue((System.nanoTime() - s) / 1_000);
        }
        System.out.printf("  %-45s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d queries, with count)%n",
                "archive last page of " + PAGE + " by peer", latest.getValueAtPercentile(50) / 1000.0,
                latest.getValueAtPercentile(99) / 1000.0, latest.getMaxValue() / 1000.0, QUERIES);
        System.out.printf("  %-45s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", "archive page before it",
                before.getValueAtPercentile(50) / 1000.0, before.getValueAtPercentile(99) / 1000.0,
                before.getMaxValue() / 1000.0);
    }

    private static im.parley.storage.ArchivePage query(Storage storage, ArchiveQuery query) {
        return storage.archive().query(query).orElseThrow();
    }

    private static void claims(Storage storage) throws Exception {
        storage.preKeys().putDevice("user0", new DeviceKeys(1, new byte[32], 1, new byte[32], new byte[64]));
        List<PreKey> keys = new ArrayList<>();
        for (int i = 0; i < PRE_KEYS; i++) {
            keys.add(new PreKey(i, new byte[32]));
        }
        storage.preKeys().addPreKeys("user0", 1, keys);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicLong claimed = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long t0;
        try (ExecutorService pool = Executors.newFixedThreadPool(CLAIMANTS)) {
            List<Future<?>> claimants = new ArrayList<>();
            for (int t = 0; t < CLAIMANTS; t++) {
                claimants.add(pool.submit(() -> {
                    start.await();
                    Optional<PreKey> key;
                    while ((key = storage.preKeys().claim("user0", 1)).isPresent()) {
                        claimed.incrementAndGet();
                        if (!seen.add(key.get().keyId())) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            t0 = System.nanoTime();
            start.countDown();
            for (Future<?> claimant : claimants) {
                claimant.get();
            }
        }
        report("pre-key claims, " + CLAIMANTS + " concurrent claimants", claimed.get(), System.nanoTime() - t0);
        System.out.printf("  %-45s %d of %d keys claimed, %d duplicates%n", "pre-key claim duplicates",
                claimed.get(), PRE_KEYS, duplicates.get());
    }

    private static void report(String what, long count, long nanos) {
        System.out.printf("  %-45s %,10.0f /s  (%,d in %.2f s)%n", what, count / (nanos / 1e9), count, nanos / 1e9);
    }
}
