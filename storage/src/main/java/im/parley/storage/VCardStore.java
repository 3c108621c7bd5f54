package im.parley.storage;

import java.util.Optional;

/** vCards (XEP-0054), one per user, kept as the {@code <vCard/>} element's XML. */
public interface VCardStore {
    Optional<String> find(String username);

    void put(String username, String vcardXml);

    boolean delete(String username);
}
