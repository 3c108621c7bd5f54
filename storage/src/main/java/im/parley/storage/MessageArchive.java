package im.parley.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-user message archives (XEP-0313), addressed by XEP-0359 stanza ids and paged with XEP-0059. */
public interface MessageArchive {
    /** Appends one message, committed on return. An id already in the owner's archive fails. */
    void append(ArchivedMessage message);

    /**
     * Appends a batch in one transaction (e.g. the sender's and the recipient's copy of one message). Messages of an
     * owner who has no account (any more) are left out: deleting an account removes its archive.
     */
    void appendAll(List<ArchivedMessage> messages);

    /**
     * Runs a query. Empty when the page's {@code after}/{@code before} id is not in the result set's archive: the
     * core answers {@code item-not-found} (XEP-0313 §4.1.2, XEP-0059 §2.2).
     */
    Optional<ArchivePage> query(ArchiveQuery query);

    Optional<ArchivedMessage> find(String owner, String id);

    /** Removes the owner's messages older than {@code before}, for retention; returns how many. */
    int removeOlderThan(String owner, Instant before);

    /** Removes the owner's whole archive; returns how many messages went. */
    int removeAll(String owner);
}
