package im.parley.storage.jdbc;

import im.parley.storage.*; // the contracts and the Storage record
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Every store contract against embedded H2 in file mode, in a temporary directory. */
class H2StorageTest {
    @TempDir
    static Path directory;
    static Storage storage;

    @BeforeAll
    static void open() {
        StorageConfig h2 = StorageConfig.h2(directory);
        storage = JdbcStorage.open(new StorageConfig(h2.url(), h2.user(), h2.password(), 40, OfflineQueueContract.LIMIT));
    }

    @AfterAll
    static void close() {
        storage.close();
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
