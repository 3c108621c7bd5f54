package im.parley.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import im.parley.storage.Storage;
import im.parley.storage.StorageConfig;
import im.parley.storage.StorageException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Opens the JDBC storage: a HikariCP pool on the configured URL, Flyway migrations, then the stores. */
public final class JdbcStorage {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

    /**
     * How long a caller waits for a connection before its operation fails with a StorageException. Short, so
     * that while the database is down stanzas fail fast (the core answers with a {@code wait} error) instead
     * of piling up on the per-user executors; the pool reconnects by itself once the database is back.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private JdbcStorage() {
    }

    /** Opens the pool and brings the schema up to date; fails if the database cannot be reached now. */
    public static Storage open(StorageConfig config) {
        SqlDialect dialect = SqlDialect.fromUrl(config.url());
        if (dialect == SqlDialect.H2) {
            H2StartupCompaction.compactIfMostlyReplaced(dialect.tuneUrl(config.url()), config.user(), config.password(),
                    H2StartupCompaction.MIN_FILE_BYTES);
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(config, dialect));
        try {
            migrate(dataSource, dialect);
            LOG.info("Storage open: {} at {}, pool of {}", dialect, redact(config.url()), config.poolSize());
            return stores(dataSource, dialect, config.offlineQueueLimit());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    static Storage stores(HikariDataSource dataSource, SqlDialect dialect, int offlineQueueLimit) {
        Transactions tx = new Transactions(dataSource, dialect);
        JdbcBlockListStore blockLists = new JdbcBlockListStore(tx);
        return new Storage(
                new JdbcUserStore(tx, blockLists::forget),
                new JdbcCredentialStore(tx),
                new JdbcRosterStore(tx),
                new JdbcOfflineQueue(tx, offlineQueueLimit),
                new JdbcMessageArchive(tx),
                new JdbcPepStore(tx),
                new JdbcPreKeyStore(tx),
                new JdbcLastActivityStore(tx),
                blockLists,
                new JdbcVCardStore(tx),
                new JdbcPrivateXmlStore(tx),
                dataSource);
    }

    static HikariConfig poolConfig(StorageConfig config, SqlDialect dialect) {
        if (config.poolSize() < 1) {
            throw new IllegalArgumentException("storage.pool-size: expected at least 1, got " + config.poolSize());
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("parley-storage");
        hikari.setJdbcUrl(dialect.tuneUrl(config.url()));
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // Idle connections are tested every 30 s, so a restarted PostgreSQL is noticed before a caller trips on
        // a dead connection; broken connections are evicted by Hikari and replaced when the database answers.
        hikari.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        hikari.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        // Start-up needs the database (migrations run next): fail at once rather than start without one.
        hikari.setInitializationFailTimeout(CONNECTION_TIMEOUT.toMillis());
        if (dialect == SqlDialect.POSTGRESQL) {
            // Fail a connect or a hung socket in bounded time instead of blocking a user's executor forever.
            hikari.addDataSourceProperty("connectTimeout", "5");
            hikari.addDataSourceProperty("socketTimeout", "60");
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            // Turns the batched INSERTs of offline stores and archive appends into multi-row INSERTs.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return hikari;
    }

    static void migrate(HikariDataSource dataSource, SqlDialect dialect) {
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocations().toArray(String[]::new))
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Storage schema migrated to version {} ({} migrations)", result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StorageException("migrating the storage schema failed: " + e.getMessage(), e);
        }
    }

    /** The URL without anything that might be a password (PostgreSQL URLs may carry one as a parameter). */
    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
