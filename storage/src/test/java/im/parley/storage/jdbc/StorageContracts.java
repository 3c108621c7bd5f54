package im.parley.storage.jdbc;

import im.parley.storage.*; // the contracts and the Storage record
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract, written once; a backend's test class only supplies its {@link Storage} (the Netty
 * SocketEchoTest / EpollSocketEchoTest pattern). Each test starts with no accounts.
 */
abstract class StorageContracts {
    protected abstract Storage storage();

    @BeforeEach
    void empty() {
        StorageFixtures.deleteAllAccounts(storage());
    }

    @Nested
    class UserStoreTest extends UserStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class CredentialStoreTest extends CredentialStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class RosterStoreTest extends RosterStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class OfflineQueueTest extends OfflineQueueContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class MessageArchiveTest extends MessageArchiveContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class PepStoreTest extends PepStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class PreKeyStoreTest extends PreKeyStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class LastActivityStoreTest extends LastActivityStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class BlockListStoreTest extends BlockListStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class VCardStoreTest extends VCardStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }

    @Nested
    class PrivateXmlStoreTest extends PrivateXmlStoreContract {
        @Override
        protected Storage storage() {
            return StorageContracts.this.storage();
        }
    }
}
