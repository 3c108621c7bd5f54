package im.parley.storage;

/** The subscription state of a roster item (RFC 6121 §2.1.2.5); "remove" is an action, never a stored state. */
public enum Subscription {
    NONE, TO, FROM, BOTH
}
