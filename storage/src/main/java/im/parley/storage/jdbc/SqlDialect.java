package im.parley.storage.jdbc;

import im.parley.storage.StorageException;
import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The few places where H2 and PostgreSQL SQL differs; chosen from the JDBC URL alone. */
public enum SqlDialect {
    H2 {
        @Override
        String upsert(String table, List<String> keys, List<String> values) {
            // H2's MERGE ... KEY is an atomic insert-or-update on the given key columns.
            return "MERGE INTO " + table + " (" + columns(keys, values) + ") KEY (" + String.join(", ", keys)
                    + ") VALUES (" + placeholders(keys.size() + values.size()) + ")";
        }

        @Override
        String insertIgnoringDuplicates(String table, List<String> keys) {
            // Standard MERGE with only a NOT MATCHED branch: an existing row counts 0, as PostgreSQL's DO NOTHING.
            String on = keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
            String sourceColumns = keys.stream().map(k -> "s." + k).collect(Collectors.joining(", "));
            return "MERGE INTO " + table + " t USING (VALUES (" + placeholders(keys.size()) + ")) s ("
                    + String.join(", ", keys) + ") ON " + on + " WHEN NOT MATCHED THEN INSERT ("
                    + String.join(", ", keys) + ") VALUES (" + sourceColumns + ")";
        }

        @Override
        String seqPage(String table, String columns, String where, String direction) {
            // The page's seqs first, from the index alone, then only those rows. H2 cannot walk an index backwards:
            // it sorts every match of a DESC page, and sorting whole rows reads each one (the last page of a
            // 500-message conversation read 1,300 pages; seqs first, 150).
            String order = " ORDER BY seq " + direction;
            return "SELECT " + columns + " FROM " + table + " WHERE seq IN (SELECT seq FROM " + table + " WHERE "
                    + where + order + " LIMIT ?)" + order;
        }

        @Override
        String lockForCounterUpdate() {
            return "FOR UPDATE";
        }

        @Override
        String lockAgainstDeletion() {
            return "FOR UPDATE"; // H2 has no weaker row lock
        }

        @Override
        void planOnEveryExecution(PreparedStatement statement) {
            // H2 costs every table as if it held 1,000 rows more (COST_ROW_OFFSET): an index wins even when empty
        }

        @Override
        String tuneUrl(String url) {
            String tuned = url;
            for (UrlSetting setting : H2_DEFAULTS) {
                if (!tuned.toUpperCase(Locale.ROOT).contains(";" + setting.name() + "=")) {
                    tuned += ";" + setting.name() + "=" + setting.value();
                }
            }
            return tuned;
        }
    },
    POSTGRESQL {
        @Override
        String upsert(String table, List<String> keys, List<String> values) {
            return "INSERT INTO " + table + " (" + columns(keys, values) + ") VALUES ("
                    + placeholders(keys.size() + values.size()) + ") ON CONFLICT (" + String.join(", ", keys)
                    + ") DO UPDATE SET "
                    + values.stream().map(v -> v + " = EXCLUDED." + v).collect(Collectors.joining(", "));
        }

        @Override
        String insertIgnoringDuplicates(String table, List<String> keys) {
            return "INSERT INTO " + table + " (" + String.join(", ", keys) + ") VALUES ("
                    + placeholders(keys.size()) + ") ON CONFLICT DO NOTHING";
        }

        @Override
        String seqPage(String table, String columns, String where, String direction) {
            // PostgreSQL scans the index backwards as well as forwards and stops after LIMIT rows.
            return "SELECT " + columns + " FROM " + table + " WHERE " + where + " ORDER BY seq " + direction
                    + " LIMIT ?";
        }

        @Override
        String lockForCounterUpdate() {
            // Not FOR UPDATE: that conflicts with the KEY SHARE lock every insert referencing users takes for its
            // foreign key check, so a batch of archive rows and a batch of offline stanzas for the same users,
            // locking in different orders, deadlocked (SQLState 40P01) and the offline store fell to ~170/s.
            return "FOR NO KEY UPDATE";
        }

        @Override
        String lockAgainstDeletion() {
            // FOR UPDATE here also waited for, and deadlocked with, the offline store's FOR NO KEY UPDATE on the same
            // accounts: an offline burst on PostgreSQL stored ~2,200 messages/s instead of ~10,000, with a deadlock
            // every few seconds in the server log. KEY SHARE conflicts only with a deletion's FOR UPDATE.
            return "FOR KEY SHARE";
        }

        @Override
        void planOnEveryExecution(PreparedStatement statement) throws SQLException {
            // pgjdbc names a statement on its fifth use on a connection, and PostgreSQL then keeps the statement's
            // generic plan, made for the table as it was then, until the table's statistics change. A queue is
            // empty between bursts: a plan cached then scanned the whole table on every later drain (836 pages
            // per fetch of 20 stanzas). Unnamed, the statement is planned for the table as it is each time.
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }

        @Override
        String tuneUrl(String url) {
            return url;
        }
    };

    public static SqlDialect fromUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("storage.url: expected jdbc:h2:… or jdbc:postgresql:…, got " + url);
    }

    /** Insert-or-update of one row by its key; parameters are the keys, then the values, in order. */
    abstract String upsert(String table, List<String> keys, List<String> values);

    /** Insert of a row made of key columns only, doing nothing when it exists. */
    abstract String insertIgnoringDuplicates(String table, List<String> keys);

    /**
     * A page of {@code table}'s rows matching {@code where}, in seq order ({@code ASC} or {@code DESC}); its last
     * parameter is the page size.
     */
    abstract String seqPage(String table, String columns, String where, String direction);

    /**
     * The row lock to take on a parent row whose non-key columns the transaction then updates (e.g. a queue length),
     * weak enough not to block inserts of child rows that only reference it.
     */
    abstract String lockForCounterUpdate();

    /**
     * The row lock to take on a parent row that must not be deleted before the transaction commits (an account whose
     * archive rows are being written, ADR 020), as weak as the database allows.
     */
    abstract String lockAgainstDeletion();

    /**
     * Makes the database plan {@code statement} for the table's size at each execution instead of reusing a plan
     * cached earlier: for tables whose size swings between empty and large, such as a queue.
     */
    abstract void planOnEveryExecution(PreparedStatement statement) throws SQLException;

    /** A violated integrity constraint (SQLState class 23 on both databases, e.g. a foreign key) among the causes. */
    static boolean isIntegrityViolation(Throwable e) {
        return StorageException.hasSqlStateClass(e, "23");
    }

    /** A duplicate key (SQLState 23505 on both databases), e.g. two concurrent inserts of one new key. */
    static boolean isDuplicateKey(java.sql.SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** The URL with the settings this dialect needs for durability and concurrency, unless the user set them. */
    abstract String tuneUrl(String url);

    /**
     * Flyway's locations: the shared migrations, then this database's own ({@code h2}, {@code postgresql}). Named
     * here because plain Flyway does not expand a {@code {vendor}} placeholder (only Spring Boot does).
     */
    List<String> migrationLocations() {
        return List.of("classpath:db/migration/common",
                "classpath:db/migration/" + name().toLowerCase(Locale.ROOT));
    }

    private static String columns(List<String> keys, List<String> values) {
        return String.join(", ", keys) + (values.isEmpty() ? "" : ", " + String.join(", ", values));
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * What Parley adds to an H2 URL unless the operator's URL sets it, in this order.
     * WRITE_DELAY=0: MVStore writes the chunk of every commit to the file before commit returns, so a committed
     * transaction survives SIGKILL (the default delay of 500 ms would lose it).
     * DB_CLOSE_ON_EXIT=FALSE: the pool closes the database, not a JVM shutdown hook racing our own.
     * LOCK_TIMEOUT: concurrent writers to one row (pre-key claims, roster version) wait, not fail at 1 s.
     * CACHE_SIZE (KB): MVStore keeps the pages of every commit in its page cache, so with H2's 16 MB the archive's
     * freshly written pages outlived young collections and every pause copied them (ADR 017).
     */
    private static final List<UrlSetting> H2_DEFAULTS = List.of(new UrlSetting("WRITE_DELAY", "0"),
            new UrlSetting("DB_CLOSE_ON_EXIT", "FALSE"), new UrlSetting("LOCK_TIMEOUT", "10000"),
            new UrlSetting("CACHE_SIZE", "2048"));

    private record UrlSetting(String name, String value) {
    }
}
