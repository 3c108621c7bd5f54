package im.parley.xml;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.binary.BinaryDictionary;
import im.parley.binary.StaticNames;
import im.parley.framing.InboundFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.tree.NamespaceCache;
import org.dom4j.tree.QNameCache;
import org.junit.jupiter.api.Test;

/**
 * Names a peer invents must not stay in the JVM after its stanzas are gone: dom4j's own name caches never forget
 * (a static map of namespace URIs, a per-thread weak map whose values hold their keys), so the stream decoder builds
 * peer-chosen names without them.
 */
class PeerNamesTest {
    private static final int INVENTED = 2_000;

    @Test
    void inventedNamespacesAndNamesLeaveDom4jsCachesAsTheyWere() throws Exception {
        DocumentFactory documents = new DocumentFactory();
        EmbeddedChannel channel = new EmbeddedChannel(new XmlStreamDecoder(new XmlLimits(262_144, 64),
                new XmlParserFactory(), documents, new StaticNames(BinaryDictionary.v1(), documents).known()));
        channel.writeInbound(Unpooled.copiedBuffer(XmlStreamDecoderTest.HEADER, StandardCharsets.UTF_8));
        int namespacesBefore = namespaceCacheSize();
        int qnamesBefore = qnameCacheSize(documents);

        // A peer sends elements, attributes and declarations in namespaces and names nobody else uses
        for (int i = 0; i < INVENTED; i++) {
            channel.writeInbound(Unpooled.copiedBuffer("<message><x" + i + " xmlns='urn:invented:" + i + "' xmlns:p"
                    + i + "='urn:declared:" + i + "' p" + i + ":a" + i + "='v'/></message>", StandardCharsets.UTF_8));
        }

        // Then every stanza arrived whole, and neither cache grew with them
        int elements = 0;
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            if (frame instanceof InboundFrame.Element e && e.element().getName().equals("message")) {
                Element child = (Element) e.element().elements().getFirst();
                assertThat(child.getNamespaceURI()).isEqualTo("urn:invented:" + elements);
                assertThat(child.attribute(0).getNamespaceURI()).isEqualTo("urn:declared:" + elements);
                elements++;
            }
        }
        assertThat(elements).isEqualTo(INVENTED);
        assertThat(namespaceCacheSize()).isLessThan(namespacesBefore + 10);
        assertThat(qnameCacheSize(documents)).isLessThan(qnamesBefore + 10);
        channel.finishAndReleaseAll();
    }

    private static int namespaceCacheSize() throws ReflectiveOperationException {
        Field cache = NamespaceCache.class.getDeclaredField("cache");
        cache.setAccessible(true);
        return ((Map<?, ?>) cache.get(null)).size();
    }

    /** The calling thread's QName map of {@code documents}: the embedded channel decodes on this thread. */
    private static int qnameCacheSize(DocumentFactory documents) throws ReflectiveOperationException {
        Field cacheField = DocumentFactory.class.getDeclaredField("cache");
        cacheField.setAccessible(true);
        QNameCache cache = (QNameCache) cacheField.get(documents);
        Field byNamespace = QNameCache.class.getDeclaredField("namespaceCache");
        byNamespace.setAccessible(true);
        return ((Map<?, ?>) ((ThreadLocal<?>) byNamespace.get(cache)).get()).size();
    }
}
