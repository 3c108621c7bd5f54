package im.parley.ext.roster;

/** A new item would take a roster past {@code modules.roster.max-items}. */
public final class RosterFullException extends RuntimeException {
    public RosterFullException(String username, int maxItems) {
        super("the roster of " + username + " holds its maximum of " + maxItems + " items", null, false, false);
    }
}
