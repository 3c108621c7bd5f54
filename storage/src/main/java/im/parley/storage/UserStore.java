package im.parley.storage;

import java.util.List;

/** Accounts of the local domain, keyed by the (nodeprepped) localpart. */
public interface UserStore {
    /** Creates the account and its credentials in one transaction; false if the username is taken. */
    boolean create(String username, List<ScramCredential> credentials);

    boolean exists(String username);

    /** Removes the account and everything it owns (roster, queues, archive, keys…); false if there was none. */
    boolean delete(String username);

    long count();

    /** Usernames in alphabetical order, for administration; {@code offset} and {@code limit} page through them. */
    List<String> usernames(int offset, int limit);
}
