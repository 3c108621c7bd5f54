package im.parley.storage;

import java.util.Optional;

/** Last activity of offline users (XEP-0012), also what "last seen" shows. */
public interface LastActivityStore {
    /**
     * Records the account's last activity. Nothing happens for an account that no longer exists: its last session
     * can end just after the account was removed (XEP-0077 §3.2 cancellation closes it).
     */
    void put(String username, LastActivity activity);

    Optional<LastActivity> find(String username);
}
