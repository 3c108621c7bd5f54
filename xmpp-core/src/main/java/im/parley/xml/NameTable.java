package im.parley.xml;

import java.util.HashMap;
import java.util.Map;
import org.dom4j.DocumentFactory;
import org.dom4j.QName;

/**
 * A per-channel cache of dom4j {@link QName}s. Creating a QName validates the name against a regular expression, and
 * dom4j's own caches never forget a name ({@link PeerNames}), so a plain map owned by one decoder is the cheapest
 * lookup, after the process's {@link KnownNames}. Bounded, because the names come from the peer.
 */
final class NameTable {
    private static final int MAX_ENTRIES = 512;

    private final DocumentFactory documentFactory;
    private final KnownNames known;
    private final Map<String, Map<String, QName>> byNamespace = new HashMap<>();
    private int size;

    NameTable(DocumentFactory documentFactory, KnownNames known) {
        this.documentFactory = documentFactory;
        this.known = known;
    }

    QName get(String localName, String prefix, String namespaceUri) {
        String uri = namespaceUri == null ? "" : namespaceUri;
        String pfx = prefix == null ? "" : prefix;
        QName shared = known.find(localName, pfx, uri);
        if (shared != null) {
            return shared;
        }
        Map<String, QName> names = byNamespace.get(uri);
        QName name = names == null ? null : names.get(localName);
        if (name != null && name.getNamespacePrefix().equals(pfx)) {
            return name;
        }
        name = PeerNames.qname(localName, PeerNames.namespace(pfx, uri), documentFactory);
        if (size < MAX_ENTRIES) {
            if (names == null) {
                names = new HashMap<>();
                byNamespace.put(uri, names);
            }
            if (names.put(localName, name) == null) {
                size++;
            }
        }
        return name;
    }
}
