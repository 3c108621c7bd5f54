package im.parley.xml;

import org.dom4j.DocumentFactory;
import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * dom4j names for names a peer chose, made without dom4j's caches. {@link Namespace#get} keeps every URI it has seen
 * in a static map for the life of the JVM, and {@link DocumentFactory#createQName} keeps every name in a per-thread
 * weak map whose values hold their keys, so neither ever forgets: a peer inventing names (before authentication too)
 * would grow the heap without bound. Names and namespaces compare by value, so fresh instances are equivalent; the
 * per-channel {@link NameTable} keeps the repeated ones cheap.
 */
public final class PeerNames {
    private PeerNames() {
    }

    /** dom4j's serialiser knows "no namespace" and {@code xml:} by identity: those two are its own constants. */
    public static Namespace namespace(String prefix, String uri) {
        if (uri.isEmpty() && prefix.isEmpty()) {
            return Namespace.NO_NAMESPACE;
        }
        if (uri.equals(Namespace.XML_NAMESPACE.getURI()) && prefix.equals(Namespace.XML_NAMESPACE.getPrefix())) {
            return Namespace.XML_NAMESPACE;
        }
        return new Namespace(prefix, uri);
    }

    /** Validates the name as dom4j does (an NCName, or any XML name without a namespace). */
    public static QName qname(String localName, Namespace namespace, DocumentFactory documentFactory) {
        QName name = new QName(localName, namespace);
        name.setDocumentFactory(documentFactory);
        return name;
    }
}
