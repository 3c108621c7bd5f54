package im.parley.storage;

/** Whether an archived message was sent or received by the archive's owner. */
public enum Direction {
    INCOMING, OUTGOING
}
