package im.parley.storage.jdbc;

import im.parley.storage.*; // the contracts and the Storage record
import im.parley.storage.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/** Every store contract against a real PostgreSQL cluster started for this class. */
class PostgresStorageTest {
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

    @BeforeEach
    void empty() {
        StorageFixtures.deleteAllAccounts(storage);
    }

    @Nested
    class UserStoreTest extends UserStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class CredentialStoreTest extends CredentialStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class RosterStoreTest extends RosterStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class OfflineQueueTest extends OfflineQueueContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class MessageArchiveTest extends MessageArchiveContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class PepStoreTest extends PepStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class PreKeyStoreTest extends PreKeyStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class LastActivityStoreTest extends LastActivityStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class BlockListStoreTest extends BlockListStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class VCardStoreTest extends VCardStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

    @Nested
    class PrivateXmlStoreTest extends PrivateXmlStoreContract {
        @Override
        protected Storage storage() {
            return storage;
        }
    }

}
