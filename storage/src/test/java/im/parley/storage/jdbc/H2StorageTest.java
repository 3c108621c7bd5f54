package im.parley.storage.jdbc;

import im.parley.storage.*; // the contracts and the Storage record
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Every store contract against embedded H2 in file mode, in a temporary directory. */
class H2StorageTest extends StorageContracts {
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

    @Override
    protected Storage storage() {
        return storage;
    }
}
