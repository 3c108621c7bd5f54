package im.parley.routing;

/**
 * Striped monitors, one per account (bare JID), that order what decides between delivering a message to an account
 * and storing it offline with what changes the account's availability. Without them a live message could overtake
 * the offline backlog that an initial presence is draining (XEP-0160, RFC 6120 §10.1 in-order processing).
 * Code holding one must not take another: bounces and other routing happen after it is released.
 */
public final class UserLocks {
    private static final int STRIPES = 1024;
    private final Object[] locks = new Object[STRIPES];

    public UserLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    public Object lockFor(String bareJid) {
        int h = bareJid.hashCode();
        return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }
}
