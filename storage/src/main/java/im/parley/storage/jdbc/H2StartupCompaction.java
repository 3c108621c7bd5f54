package im.parley.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.h2.engine.ConnectionInfo;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts an H2 database file before Parley opens it, when most of the file is pages that later commits replaced
 * (docs/adr/019-h2-compaction-at-start-up.md). With {@code WRITE_DELAY=0} every commit writes the pages it changed to
 * a new chunk, and H2 moves live pages out of old chunks only in a background thread that this setting leaves off, so
 * under archiving the file grows to ten times its data and more. {@code SHUTDOWN COMPACT} rewrites the live pages into
 * a new file; H2 completes or discards a compaction that was interrupted when it next opens the file.
 */
final class H2StartupCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(H2StartupCompaction.class);

    /** Below this a file is left alone: the disk it could give back does not matter, and start-up stays quick. */
    static final long MIN_FILE_BYTES = 64L << 20;
    /** Compacted when at most this share of the file holds live pages, as H2's chunk statistics count them. */
    static final int MAX_LIVE_PERCENT = 50;

    private static final String MV_SUFFIX = ".mv.db";

    record Compacted(Path file, long bytesBefore, long bytesAfter, Duration took) {
    }

    private H2StartupCompaction() {
    }

    /**
     * Compacts the file behind {@code url} (an H2 URL as the pool will open it) if it is at least {@code minFileBytes}
     * and mostly replaced pages. A failure is logged and start-up goes on with the file as it is.
     */
    static Optional<Compacted> compactIfMostlyReplaced(String url, String user, String password, long minFileBytes) {
        Optional<Path> file = fileOf(url, user, password).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            long before = Files.size(file.get());
            if (before < minFileBytes) {
                return Optional.empty();
            }
            int live = livePercent(file.get());
            if (live > MAX_LIVE_PERCENT) {
                return Optional.empty();
            }
            LOG.info("H2 file {} is {} MB and at most {} % of it live pages: compacting it before start-up", file.get(),
                    before >> 20, live);
            long started = System.nanoTime();
            shutdownCompact(url, user, password);
            Compacted done = new Compacted(file.get(), before, Files.size(file.get()),
                    Duration.ofNanos(System.nanoTime() - started));
            LOG.info("H2 file compacted from {} MB to {} MB in {} ms", done.bytesBefore() >> 20, done.bytesAfter() >> 20,
                    done.took().toMillis());
            return Optional.of(done);
        } catch (Exception e) {
            // Not fatal: the database opens as it is, only larger than it needs to be.
            // Another process holding the file is the usual cause, and opening the pool then reports it in full.
            LOG.warn("could not compact H2 file {} ({}); starting without compacting it", file.get(), e.getMessage());
            LOG.debug("H2 compaction failure", e);
            return Optional.empty();
        }
    }

    /**
     * The {@code .mv.db} file of an embedded H2 database, as H2 itself reads the URL (relative and {@code ~} paths,
     * file system prefixes); nothing for an in-memory, remote or encrypted one, or a URL H2 would refuse.
     */
    static Optional<Path> fileOf(String url, String user, String password) {
        try {
            ConnectionInfo info = new ConnectionInfo(url, new Properties(), user, password);
            if (!info.isPersistent() || info.isRemote() || info.getFilePasswordHash() != null) {
                return Optional.empty(); // an encrypted file's pages cannot be read without the key
            }
            return Optional.of(Path.of(info.getName() + MV_SUFFIX));
        } catch (RuntimeException e) {
            return Optional.empty(); // opening the pool reports what is wrong with the URL
        }
    }

    /** The share of the file in live pages, from the chunk statistics H2 keeps in the file; read-only, quick. */
    static int livePercent(Path file) {
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
        }
    }

    private static void shutdownCompact(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
    }
}
