package im.parley.bench.storage;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What an archive below SQL would cost: chat rows appended to H2's MVStore directly, one map keyed by (owner, seq)
 * and optionally one (owner, peer, seq) index, a commit every {@code batch} rows, no SQL and no MVCC undo log. For
 * comparison with the archive table's rate (StorageBench); the question is the one docs/performance.md asks about
 * chat with MAM at half the relay ceiling. Arguments: {@code rows batch [index]}. Prints rows/s and the writer's CPU
 * per row after an untimed quarter-size warm-up. Pin it to one core to compare with the server's figures.
 */
public final class RawArchiveAppend {
    private static final int OWNERS = 200; // the chat scenario's users, in pairs
    private static final String STANZA = "<message xmlns='jabber:client' from='u1@bench.test/r' to='u2@bench.test/r'"
            + " type='chat' id='%s'><body>" + "x".repeat(64) + "</body><request xmlns='urn:xmpp:receipts'/>"
            + "<stanza-id xmlns='urn:xmpp:sid:0' by='u2@bench.test' id='%s'/></message>";

    private final MVStore store;
    private final MVMap<Long, byte[]> byOwner;
    private final MVMap<String, Long> byPeer;
    private final long[] seqs = new long[OWNERS];

    private RawArchiveAppend(MVStore store) {
        this.store = store;
        this.byOwner = store.openMap("byOwner");
        this.byPeer = store.openMap("byPeer");
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        boolean index = args.length > 2 && args[2].equals("index");
        Path dir = Files.createTempDirectory("parley-raw-archive-");
        Path file = dir.resolve("archive.mv.db");
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        try {
            RawArchiveAppend archive = new RawArchiveAppend(store);
            archive.append(rows / 4, batch, index);
            long start = System.nanoTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            archive.append(rows, batch, index);
            long nanos = System.nanoTime() - start;
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("rows %d, commit every %d, peer index %s: %.0f rows/s, %.2f µs writer CPU per row%n",
                    rows, batch, index, rows / (nanos / 1e9), cpu / 1e3 / rows);
        } finally {
            store.close();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Each message is two rows: the sender's outgoing copy and the recipient's incoming one, as the archive writes. */
    private void append(int rows, int batch, boolean index) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < rows; i += 2) {
            int sender = random.nextInt(OWNERS / 2) * 2;
            int recipient = sender + 1;
            String id = Long.toHexString(random.nextLong());
            byte[] xml = STANZA.formatted(id, id).getBytes(StandardCharsets.UTF_8);
            row(sender, recipient, xml, index);
            row(recipient, sender, xml, index);
            if ((i + 2) % batch == 0) {
                store.commit();
            }
        }
        store.commit();
    }

    private void row(int owner, int peer, byte[] xml, boolean index) {
        long seq = ++seqs[owner];
        long key = ((long) owner << 40) | seq;
        byOwner.put(key, xml);
        if (index) {
            byPeer.put(owner + "|" + peer + "|" + seq, key);
        }
    }
}
