package im.parley.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions that may be resumed (XEP-0198 §5), by their stream-management id. */
public final class ResumableSessions {
    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();

    void put(String id, ClientSession session) {
        byId.put(id, session);
    }

    Optional<ClientSession> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    void remove(String id, ClientSession session) {
        byId.remove(id, session);
    }

    public int size() {
        return byId.size();
    }
}
