package im.parley.storage.jdbc;

import im.parley.storage.*; // the contracts and the Storage record
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every store contract against a real PostgreSQL cluster started for this class. */
class PostgresStorageTest extends StorageContracts {
    static PostgresCluster cluster;
    static Storage storage;

    @BeforeAll
    static void open() {
        cluster = PostgresCluster.startOrSkip();
        storage = JdbcStorage.open(new StorageConfig(cluster.createDatabase("contracts"), PostgresCluster.USER, "",
                40, OfflineQueueContract.LIMIT));
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Storage storage() {
        return storage;
    }
}
