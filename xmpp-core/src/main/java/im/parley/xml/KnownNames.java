package im.parley.xml;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.dom4j.QName;

/**
 * dom4j names every stream and stored stanza uses ({@code message}, {@code body}, {@code to}, {@code delay}…), made
 * once and shared by many parsers, which must use the same {@link org.dom4j.DocumentFactory} as the names. A
 * {@link NameTable} starts empty for each stream and each stored stanza read back, and a new {@link QName} validates
 * its name against a regular expression: an offline drain spent 3.5 % of the server's CPU and 14 % of its allocations
 * making the same few names for every stored stanza. One set serves a server's streams and the reader of stored stanzas
 * alike (ADR 012). Immutable once built, so parsers on any thread read it without locks.
 */
public final class KnownNames {
    /** No shared names: every name is made by the parser's own table. */
    public static final KnownNames NONE = new KnownNames(Map.of());

    private final Map<String, Map<String, QName>> byNamespace;

    private KnownNames(Map<String, Map<String, QName>> byNamespace) {
        this.byNamespace = byNamespace;
    }

    /** The names by namespace URI and local name; a later name with the same pair replaces an earlier one. */
    public static KnownNames of(Collection<QName> names) {
        Map<String, Map<String, QName>> byNamespace = new HashMap<>();
        for (QName name : names) {
            byNamespace.computeIfAbsent(name.getNamespaceURI(), uri -> new HashMap<>()).put(name.getName(), name);
        }
        Map<String, Map<String, QName>> frozen = new HashMap<>();
        byNamespace.forEach((uri, locals) -> frozen.put(uri, Map.copyOf(locals)));
        return new KnownNames(Map.copyOf(frozen));
    }

    /**
     * The shared name, or null when it is unknown or written with another prefix (the prefix is part of what a
     * re-serialised element looks like, so a name is only shared when it would be written the same way).
     */
    QName find(String localName, String prefix, String namespaceUri) {
        Map<String, QName> names = byNamespace.get(namespaceUri);
        QName name = names == null ? null : names.get(localName);
        return name != null && name.getNamespacePrefix().equals(prefix) ? name : null;
    }
}
