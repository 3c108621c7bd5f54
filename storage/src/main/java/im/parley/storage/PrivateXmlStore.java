package im.parley.storage;

import java.util.Optional;

/** Private XML storage (XEP-0049): one XML fragment per user, element name and namespace. */
public interface PrivateXmlStore {
    Optional<String> find(String username, String element, String namespace);

    /** Stores or replaces the fragment kept under its element name and namespace (XEP-0049 §3). */
    void put(String username, String element, String namespace, String xml);

    boolean delete(String username, String element, String namespace);
}
