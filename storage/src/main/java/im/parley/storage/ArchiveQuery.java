package im.parley.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of one user's archive (XEP-0313 §4.1: the {@code with}, {@code start}, {@code end} and {@code ids}
 * fields) and the page wanted. Empty filters match everything; {@code start} and {@code end} are inclusive.
 */
public record ArchiveQuery(String owner, Optional<String> with, Optional<Instant> start, Optional<Instant> end,
                           List<String> ids, PageRequest page) {
    public ArchiveQuery {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        ids = List.copyOf(ids);
        Objects.requireNonNull(page, "page");
    }

    /** Everything in the archive, one page at a time. */
    public static ArchiveQuery all(String owner, PageRequest page) {
        return new ArchiveQuery(owner, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), page);
    }

    public ArchiveQuery withPeer(String peer) {
        return new ArchiveQuery(owner, Optional.of(peer), start, end, ids, page);
    }

    public ArchiveQuery between(Optional<Instant> from, Optional<Instant> to) {
        return new ArchiveQuery(owner, with, from, to, ids, page);
    }

    public ArchiveQuery withIds(List<String> newIds) {
        return new ArchiveQuery(owner, with, start, end, newIds, page);
    }

    public ArchiveQuery withPage(PageRequest newPage) {
        return new ArchiveQuery(owner, with, start, end, ids, newPage);
    }
}
