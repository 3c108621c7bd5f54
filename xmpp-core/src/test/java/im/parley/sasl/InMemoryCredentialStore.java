package im.parley.sasl;

import im.parley.storage.CredentialStore;
import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.StorageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A credential store in a map, for mechanism tests; {@code failing()} throws like a database that is down. */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<String, List<ScramCredential>> accounts = new ConcurrentHashMap<>();
    private volatile boolean failing;

    public InMemoryCredentialStore with(String username, List<ScramCredential> credentials) {
        accounts.put(username, List.copyOf(credentials));
        return this;
    }

    InMemoryCredentialStore failing() {
        failing = true;
        return this;
    }

    @Override
    public Optional<ScramCredential> find(String username, ScramHash hash) {
        if (failing) {
            throw new StorageException("database is down");
        }
        return accounts.getOrDefault(username, List.of()).stream().filter(c -> c.hash() == hash).findFirst();
    }

    @Override
    public boolean replace(String username, List<ScramCredential> credentials) {
        return accounts.replace(username, List.copyOf(credentials)) != null;
    }
}
