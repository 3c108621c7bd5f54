package im.parley.binary;

import im.parley.stream.StreamHeader;
import im.parley.xml.KnownNames;
import im.parley.xml.PeerNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.dom4j.DocumentFactory;
import org.dom4j.QName;

import javax.xml.XMLConstants;

/**
 * The dom4j names of a dictionary's elements and attributes, built once and shared by every decoder of a process:
 * a decoder of its own per connection kept its own copies (about 1.5 KB per binary session at rest). Immutable once
 * built, so sessions on different event loops read it without locks. The same names serve the XML side as
 * {@link #known()}: the dictionary lists what XMPP traffic is made of.
 */
public final class StaticNames {
    private final BinaryDictionary dictionary;
    private final DocumentFactory documentFactory;
    private final QName[] elements;
    private final QName[] attributes;
    private final KnownNames known;

    public StaticNames(BinaryDictionary dictionary, DocumentFactory documentFactory) {
        this.dictionary = dictionary;
        this.documentFactory = documentFactory;
        elements = new QName[dictionary.qnameCount() + 1]; // tokens are 1-based
        for (int token = 1; token <= dictionary.qnameCount(); token++) {
            StaticQName entry = dictionary.qname(token);
            String namespace = entry.namespace();
            elements[token] = PeerNames.qname(entry.localName(),
                    PeerNames.namespace(namespace.equals(StreamHeader.STREAM_NAMESPACE) ? "stream" : "", namespace),
                    documentFactory);
        }
        attributes = new QName[dictionary.attributeCount()];
        for (int index = 0; index < attributes.length; index++) {
            StaticAttribute entry = dictionary.attribute(index);
            attributes[index] = PeerNames.qname(entry.localName(), PeerNames.namespace(
                    entry.namespace().isEmpty() ? "" : XMLConstants.XML_NS_PREFIX, entry.namespace()), documentFactory);
        }
        List<QName> all = new ArrayList<>();
        Stream.of(elements, attributes).flatMap(Stream::of).filter(Objects::nonNull).forEach(all::add);
        known = KnownNames.of(all);
    }

    /**
     * Version 1's names made with dom4j's default factory, built once on first use: the server's streams and the
     * reader of stored stanzas share them, as they share {@link BinaryDictionary#v1()}.
     */
    public static StaticNames v1() {
        return V1.INSTANCE;
    }

    /** Lazy holder (JLS §12.4.2). */
    private static final class V1 {
        static final StaticNames INSTANCE = new StaticNames(BinaryDictionary.v1(), DocumentFactory.getInstance());
    }

    /** The dictionary these are the names of. */
    public BinaryDictionary dictionary() {
        return dictionary;
    }

    /** The factory the names were made with, which a decoder sharing them must build its elements with. */
    public DocumentFactory documentFactory() {
        return documentFactory;
    }

    /** The dictionary's names for the XML parsers ({@link im.parley.xml.XmlEncoding}, stored stanzas). */
    public KnownNames known() {
        return known;
    }

    QName element(StaticQName known) {
        return elements[known.token()];
    }

    QName attribute(StaticAttribute known) {
        return attributes[known.index()];
    }
}
