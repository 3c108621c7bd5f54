package im.parley.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A published item (XEP-0060 §7.1).
 *
 * @param id        the item id, unique in its node
 * @param publisher JID of the entity that published it (XEP-0060 §7.1.2 {@code publisher} attribute)
 * @param published when (kept to the microsecond)
 * @param payload   the payload as XML
 */
public record PepItem(String id, String publisher, Instant published, String payload) {
    public PepItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publisher, "publisher");
        published = published.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(payload, "payload");
    }
}
