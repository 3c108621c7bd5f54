package im.parley.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dom4j.DocumentFactory;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlTextParserTest {
    private static final QName MESSAGE = QName.get("message", "jabber:client");
    private static final QName BODY = QName.get("body", "jabber:client");
    private static final QName TO = QName.get("to");
    private static final QName LANG = QName.get("lang", Namespace.XML_NAMESPACE);
    private static final QName DELAY = QName.get("delay", "urn:xmpp:delay");

    private final XmlTextParser parser = new XmlTextParser(new XmlParserFactory(), DocumentFactory.getInstance(),
            KnownNames.of(List.of(MESSAGE, BODY, TO, LANG, DELAY)));

    @Test
    void readsBackWhatAsXmlWroteForAnOfflineMessage() throws Exception {
        // XEP-0160 §3 / XEP-0203 §3: the stored form of an offline message, delay stamp included
        String stored = DocumentHelper.parseText("<message xmlns='jabber:client' from='romeo@montague.lit/orchard'"
                + " to='juliet@capulet.lit' type='chat' xml:lang='en'><body>O blessed, blessed night! &amp; &lt;3</body>"
                + "<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>"
                + "</message>").getRootElement().asXML();

        Element message = parser.parse(stored);

        assertThat(message.getDocument()).isNull();
        assertThat(message.getNamespaceURI()).isEqualTo("jabber:client");
        assertThat(message.attributeValue("to")).isEqualTo("juliet@capulet.lit");
        assertThat(message.attributeValue(org.dom4j.QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE))).isEqualTo("en");
        assertThat(message.elementText("body")).isEqualTo("O blessed, blessed night! & <3");
        Element delay = message.element("delay");
        assertThat(delay.getNamespaceURI()).isEqualTo("urn:xmpp:delay");
        assertThat(delay.attributeValue("stamp")).isEqualTo("2002-09-10T23:08:25Z");
        assertThat(parser.parse(message.asXML()).asXML()).isEqualTo(message.asXML());
    }

    @Test
    void everyReadSharesTheKnownNamesAndMakesTheOthers() {
        String stored = "<message xmlns='jabber:client' to='juliet@capulet.lit' xml:lang='en' id='a1'><body>hi</body>"
                + "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/><x xmlns='urn:example'/></message>";

        Element first = parser.parse(stored);
        Element second = parser.parse(stored);

        for (Element message : List.of(first, second)) {
            assertThat(message.getQName()).isSameAs(MESSAGE);
            assertThat(message.element("body").getQName()).isSameAs(BODY);
            assertThat(message.element("delay").getQName()).isSameAs(DELAY);
            assertThat(message.attribute("to").getQName()).isSameAs(TO);
            assertThat(message.attribute(LANG).getQName()).isSameAs(LANG);
        }
        // names nobody listed are made per read, equal but not shared
        assertThat(second.attribute("id").getQName()).isEqualTo(first.attribute("id").getQName())
                .isNotSameAs(first.attribute("id").getQName());
        assertThat(second.element("x").getQName()).isEqualTo(first.element("x").getQName())
                .isNotSameAs(first.element("x").getQName());
        assertThat(second.asXML()).isEqualTo(first.asXML()).isEqualTo(DocumentHelper.createDocument(first.createCopy())
                .getRootElement().asXML());
    }

    @Test
    void aKnownNameWrittenWithAnotherPrefixKeepsThatPrefix() {
        // The prefix is how the element is written back: a shared name with prefix "" would drop it
        Element message = parser.parse("<c:message xmlns:c='jabber:client'><c:body>hi</c:body></c:message>");

        assertThat(message.getQName()).isEqualTo(QName.get("message", "c", "jabber:client")).isNotSameAs(MESSAGE);
        assertThat(message.element(QName.get("body", "jabber:client")).getNamespacePrefix()).isEqualTo("c");
        assertThat(message.asXML()).isEqualTo("<c:message xmlns:c=\"jabber:client\"><c:body>hi</c:body></c:message>");
    }

    @Test
    void keepsPrefixedNamespacesAndDeepNesting() {
        StringBuilder deep = new StringBuilder("<query xmlns='jabber:iq:private'><x xmlns='a:b' xmlns:p='p:q' p:k='v'>");
        for (int i = 0; i < 40; i++) {
            deep.append("<n>");
        }
        deep.append("leaf");
        for (int i = 0; i < 40; i++) {
            deep.append("</n>");
        }
        deep.append("</x></query>");

        Element query = parser.parse(deep.toString());

        Element x = query.element("x");
        assertThat(x.attributeValue(org.dom4j.QName.get("k", "p", "p:q"))).isEqualTo("v");
        Element n = x;
        for (int i = 0; i < 40; i++) {
            n = n.elements().getFirst();
        }
        assertThat(n.getText()).isEqualTo("leaf");
    }

    @Test
    void keepsReadingWhenTheSharedNameTableIsRenewed() {
        // Aalto's shared name table only grows, fed by names from peers and stored rows: it is renewed now and then
        XmlParserFactory renewing = new XmlParserFactory(3);
        XmlTextParser reader = new XmlTextParser(renewing, DocumentFactory.getInstance(), KnownNames.NONE);

        for (int i = 0; i < 10; i++) {
            Element x = reader.parse("<x xmlns='urn:example:" + i + "'><n" + i + " a='" + i + "'>" + i + "</n" + i + "></x>");
            assertThat(x.getNamespaceURI()).isEqualTo("urn:example:" + i);
            assertThat(x.element("n" + i).attributeValue("a")).isEqualTo(String.valueOf(i));
            assertThat(x.elementText("n" + i)).isEqualTo(String.valueOf(i));
        }
        assertThat(renewing.renewals()).isEqualTo(3);
    }

    @ParameterizedTest // RFC 6120 §11.1: restricted XML is refused, never expanded
    @ValueSource(strings = {
            "<!DOCTYPE m [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><m>&x;</m>",
            "<m>&undeclared;</m>",
            "<m><!-- note --></m>",
            "<m><?pi data?></m>"})
    void refusesRestrictedXml(String xml) {
        assertThatThrownBy(() -> parser.parse(xml)).isInstanceOf(XmlTextParser.XmlTextException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<message><body>cut off", "", "text", "<a/><b/>", "<a></b>"})
    void refusesTextThatIsNotOneWellFormedElement(String xml) {
        assertThatThrownBy(() -> parser.parse(xml)).isInstanceOf(XmlTextParser.XmlTextException.class);
    }
}
