package im.parley.storage;

import java.util.List;
import java.util.Optional;

/**
 * One page of archive results, always oldest first.
 *
 * @param messages the page
 * @param count    how many messages match the query in all (XEP-0059 §2.6, {@code <count/>})
 * @param complete no further page exists in the paging direction (XEP-0313 §4.3, {@code complete='true'})
 */
public record ArchivePage(List<ArchivedMessage> messages, long count, boolean complete) {
    public ArchivePage {
        messages = List.copyOf(messages);
    }

    /** Id of the first message of the page (XEP-0059 {@code <first/>}). */
    public Optional<String> first() {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.getFirst().id());
    }

    /** Id of the last message of the page (XEP-0059 {@code <last/>}). */
    public Optional<String> last() {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.getLast().id());
    }
}
