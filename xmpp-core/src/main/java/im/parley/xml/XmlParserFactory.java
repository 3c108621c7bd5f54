package im.parley.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.StringReader;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Creates Aalto parsers configured for XMPP. One instance is shared by all channels of a server: Aalto's factory is
 * thread-safe once configured and shares a name symbol table between the parsers it creates, which makes repeated
 * names cheap. That table only grows (a closing parser merges its names back, with no cap), and the names come from
 * peers and from stored rows, so every {@code parsersPerNameTable} parsers start over with a new factory and table.
 */
public final class XmlParserFactory {
    static final long DEFAULT_PARSERS_PER_NAME_TABLE = 50_000;

    private final long parsersPerNameTable;
    private final AtomicLong created = new AtomicLong();
    private volatile AsyncXMLInputFactory factory = configured();

    public XmlParserFactory() {
        this(DEFAULT_PARSERS_PER_NAME_TABLE);
    }

    XmlParserFactory(long parsersPerNameTable) {
        if (parsersPerNameTable < 1) {
            throw new IllegalArgumentException("parsersPerNameTable: expected >= 1, got " + parsersPerNameTable);
        }
        this.parsersPerNameTable = parsersPerNameTable;
    }

    private static AsyncXMLInputFactory configured() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTD, no entity expansion (billion laughs, XXE); entity references surface as events
        // so the decoder can reject them.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /** The factory for the next parser; a new one (and name table) every {@code parsersPerNameTable} parsers. */
    private AsyncXMLInputFactory next() {
        if (created.incrementAndGet() % parsersPerNameTable == 0) {
            factory = configured(); // parsers made from the old one keep working; its table goes with them
        }
        return factory;
    }

    /** Name tables started so far beyond the first; for tests. */
    long renewals() {
        return created.get() / parsersPerNameTable;
    }

    AsyncXMLStreamReader<AsyncByteBufferFeeder> newParser() {
        return next().createAsyncForByteBuffer();
    }

    /** A blocking parser over text already in memory, with the same settings. */
    XMLStreamReader newReader(String xml) throws XMLStreamException {
        return next().createXMLStreamReader(new StringReader(xml));
    }
}
