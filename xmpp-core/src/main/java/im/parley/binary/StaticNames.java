package im.parley.binary;

import im.parley.stream.StreamHeader;
import im.parley.xml.PeerNames;
import org.dom4j.DocumentFactory;
import org.dom4j.Namespace;
import org.dom4j.QName;

import javax.xml.XMLConstants;

/**
 * The dom4j names of a dictionary's elements and attributes, built once and shared by every decoder of a process:
 * a decoder of its own per connection kept its own copies (about 1.5 KB per binary session at rest). Immutable once
 * built, so sessions on different event loops read it without locks.
 */
public final class StaticNames {
    private final QName[] elements;
    private final QName[] attributes;

    public StaticNames(BinaryDictionary dictionary, DocumentFactory documentFactory) {
        elements = new QName[dictionary.qnameCount() + 1]; // tokens are 1-based
        for (int token = 1; token <= dictionary.qnameCount(); token++) {
            StaticQName known = dictionary.qname(token);
            String namespace = known.namespace();
            elements[token] = PeerNames.qname(known.localName(),
                    Namespace.get(namespace.equals(StreamHeader.STREAM_NAMESPACE) ? "stream" : "", namespace), documentFactory);
        }
        attributes = new QName[dictionary.attributeCount()];
        for (int index = 0; index < attributes.length; index++) {
            StaticAttribute known = dictionary.attribute(index);
            attributes[index] = PeerNames.qname(known.localName(), known.namespace().isEmpty()
                    ? Namespace.NO_NAMESPACE : Namespace.get(XMLConstants.XML_NS_PREFIX, known.namespace()),
                    documentFactory);
        }
    }

    QName element(StaticQName known) {
        return elements[known.token()];
    }

    QName attribute(StaticAttribute known) {
        return attributes[known.index()];
    }
}
