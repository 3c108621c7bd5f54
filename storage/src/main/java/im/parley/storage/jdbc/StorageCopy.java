package im.parley.storage.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import im.parley.storage.StorageConfig;
import im.parley.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies every table of one Parley database into another, e.g. from the embedded H2 to PostgreSQL. Both are
 * migrated to the current schema first; the target must hold no accounts. Run with the server stopped:
 * <pre>java -cp 'lib/*' im.parley.storage.jdbc.StorageCopy FROM-URL TO-URL [FROM-USER FROM-PASSWORD TO-USER TO-PASSWORD]</pre>
 */
public final class StorageCopy {
    private static final Logger LOG = LoggerFactory.getLogger(StorageCopy.class);
    private static final int BATCH = 1000;

    /** Every table, parents before children so foreign keys hold; with the identity column to carry on, if any. */
    static final Map<String, String> TABLES = tables();

    private final StorageConfig from;
    private final StorageConfig to;

    public StorageCopy(StorageConfig from, StorageConfig to) {
        this.from = from;
        this.to = to;
    }

    public static void main(String[] args) {
        if (args.length != 2 && args.length != 6) {
            System.err.println("usage: StorageCopy FROM-URL TO-URL [FROM-USER FROM-PASSWORD TO-USER TO-PASSWORD]");
            System.exit(2);
        }
        StorageConfig defaults = StorageConfig.defaults();
        StorageConfig source = new StorageConfig(args[0], args.length == 6 ? args[2] : defaults.user(),
                args.length == 6 ? args[3] : defaults.password(), 2, defaults.offlineQueueLimit());
        StorageConfig target = new StorageConfig(args[1], args.length == 6 ? args[4] : defaults.user(),
                args.length == 6 ? args[5] : defaults.password(), 2, defaults.offlineQueueLimit());
        Map<String, Long> copied = new StorageCopy(source, target).run();
        copied.forEach((table, rows) -> System.out.println(table + ": " + rows + " rows"));
    }

    /** Copies everything in one transaction on the target; returns the rows copied per table. */
    public Map<String, Long> run() {
        SqlDialect fromDialect = SqlDialect.fromUrl(from.url());
        SqlDialect toDialect = SqlDialect.fromUrl(to.url());
        try (HikariDataSource source = new HikariDataSource(JdbcStorage.poolConfig(from, fromDialect));
             HikariDataSource target = new HikariDataSource(JdbcStorage.poolConfig(to, toDialect))) {
            JdbcStorage.migrate(source, fromDialect);
            JdbcStorage.migrate(target, toDialect);
            try (Connection in = source.getConnection(); Connection out = target.getConnection()) {
                requireKnownTables(in);
                requireEmpty(out);
                in.setReadOnly(true);
                in.setAutoCommit(false); // one snapshot of the source; PostgreSQL streams rows only inside one
                out.setAutoCommit(false);
                Map<String, Long> copied = new LinkedHashMap<>();
                for (Map.Entry<String, String> table : TABLES.entrySet()) {
                    copied.put(table.getKey(), copyTable(in, out, table.getKey()));
                    if (!table.getValue().isEmpty()) {
                        restartIdentity(out, table.getKey(), table.getValue());
                    }
                }
                out.commit();
                in.commit();
                return copied;
            }
        } catch (SQLException e) {
            throw new StorageException("copying storage failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private static long copyTable(Connection in, Connection out, String table) throws SQLException {
        long rows = 0;
        try (Statement select = in.createStatement()) {
            select.setFetchSize(BATCH);
            try (ResultSet source = select.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = source.getMetaData();
                int columns = meta.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                try (PreparedStatement insert = out.prepareStatement("INSERT INTO " + table + " ("
                        + String.join(", ", names) + ") VALUES (" + Placeholders.of(columns) + ")")) {
                    while (source.next()) {
                        for (int i = 1; i <= columns; i++) {
                            insert.setObject(i, value(source, meta, i));
                        }
                        insert.addBatch();
                        if (++rows % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
            }
        }
        LOG.info("Copied {} rows of {}", rows, table);
        return rows;
    }

    private static Object value(ResultSet source, ResultSetMetaData meta, int column) throws SQLException {
        // The drivers map TIMESTAMP WITH TIME ZONE to different classes; OffsetDateTime is the one both accept.
        if (meta.getColumnTypeName(column).toLowerCase(Locale.ROOT).contains("timestamp")) {
            return source.getObject(column, OffsetDateTime.class);
        }
        return source.getObject(column);
    }

    /** Copied rows kept their generated ids; new rows must be numbered after them. */
    private static void restartIdentity(Connection out, String table, String column) throws SQLException {
        long next;
        try (Statement s = out.createStatement();
             ResultSet rows = s.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table)) {
            rows.next();
            next = rows.getLong(1);
        }
        try (Statement s = out.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " RESTART WITH " + next);
        }
    }

    private static void requireEmpty(Connection out) throws SQLException {
        try (Statement s = out.createStatement(); ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM users")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                throw new StorageException("the target database already holds " + rows.getLong(1)
                        + " accounts; copy only into a fresh database");
            }
        }
    }

    /** Refuses to run when the schema has a table this tool does not know: it would be left behind silently. */
    private static void requireKnownTables(Connection in) throws SQLException {
        Set<String> unknown = new TreeSet<>(tablesIn(in));
        unknown.removeAll(TABLES.keySet());
        unknown.remove("flyway_schema_history");
        if (!unknown.isEmpty()) {
            throw new StorageException("StorageCopy does not know the tables " + unknown + "; update StorageCopy.TABLES");
        }
    }

    static Set<String> tablesIn(Connection connection) throws SQLException {
        Set<String> tables = new TreeSet<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rows = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("users", "id");
        tables.put("scram_credential", "");
        tables.put("roster_item", "");
        tables.put("roster_group", "");
        tables.put("offline_message", "id");
        tables.put("archive_message", "seq");
        tables.put("pep_node", "");
        tables.put("pep_node_config", "");
        tables.put("pep_item", "seq");
        tables.put("pep_subscription", "");
        tables.put("e2ee_device", "");
        tables.put("e2ee_pre_key", "");
        tables.put("last_activity", "");
        tables.put("block_list", "");
        tables.put("vcard", "");
        tables.put("private_xml", "");
        return java.util.Collections.unmodifiableMap(tables);
    }
}
