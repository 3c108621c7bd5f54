package im.parley.storage;

import java.util.Optional;

/** Last activity of offline users (XEP-0012), also what "last seen" shows. */
public interface LastActivityStore {
    void put(String username, LastActivity activity);

    Optional<LastActivity> find(String username);
}
