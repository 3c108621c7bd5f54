package im.parley.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Creates non-blocking Aalto parsers configured for XMPP. One instance is shared by all channels of a server: Aalto's
 * factory is thread-safe once configured and shares its name symbol table between the parsers it creates.
 */
public final class XmlParserFactory {
    private final AsyncXMLInputFactory factory;

    public XmlParserFactory() {
        factory = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTD, no entity expansion (billion laughs, XXE); entity references surface as events
        // so the decoder can reject them.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    }

    AsyncXMLStreamReader<AsyncByteBufferFeeder> newParser() {
        return factory.createAsyncForByteBuffer();
    }

    /** A blocking parser over text already in memory, with the same settings. */
    XMLStreamReader newReader(String xml) throws XMLStreamException {
        return factory.createXMLStreamReader(new StringReader(xml));
    }
}
