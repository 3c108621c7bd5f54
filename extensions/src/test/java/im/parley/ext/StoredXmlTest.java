package im.parley.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;

class StoredXmlTest {
    @Test
    void readsBackAStoredStanzaDetachedFromItsDocument() {
        Element message = StoredXml.parse("<message xmlns='jabber:client' to='juliet@capulet.lit'>"
                + "<body>Wherefore art thou, Romeo?</body></message>");

        assertThat(message.getDocument()).isNull();
        assertThat(message.attributeValue("to")).isEqualTo("juliet@capulet.lit");
        assertThat(message.elementText("body")).isEqualTo("Wherefore art thou, Romeo?");
    }

    @Test
    void refusesADoctypeAndStaysUsableAfterwards() {
        // RFC 6120 §11.1: no DTDs; a damaged or hostile row is reported, and the next row still reads
        assertThatThrownBy(() -> StoredXml.parse("<!DOCTYPE m [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><m>&x;</m>"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StoredXml.parse("<message><body>cut off"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(StoredXml.parse("<message><body>next</body></message>").elementText("body")).isEqualTo("next");
    }
}
