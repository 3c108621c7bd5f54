package im.parley.xml;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StanzaWriterTest {

    @Test
    void charactersThatAreNotXmlBecomeTheReplacementCharacter_xml_2_2() {
        String written = write(body("a\u0001b\u001Fc\uFFFEd\uFFFFe"), Unpooled.buffer());

        assertThat(written).isEqualTo("<message><body>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe</body></message>");
    }

    @Test
    void lineEndsAndTabsStayInContentAndAreEscapedInAttributes_xml_2_11_and_3_3_3() {
        Element message = body("1\r\n2\t3");
        message.addAttribute("id", "1\r\n2\t3");

        assertThat(write(message, Unpooled.buffer()))
                .isEqualTo("<message id='1&#13;&#10;2&#9;3'><body>1&#13;\n2\t3</body></message>");
    }

    @Test
    void unpairedSurrogatesBecomeTheReplacementCharacterAndPairsStay_xml_2_2() {
        String written = write(body("a\uD800\u00E9b\uDC00c\uD83D\uDE00d\uD83D"), Unpooled.buffer());

        assertThat(written).isEqualTo("<message><body>a\uFFFD\u00E9b\uFFFDc\uD83D\uDE00d\uFFFD</body></message>");
    }

    /** ASCII runs are copied from the string's bytes into an array; other buffers and characters take Netty's UTF-8. */
    @ParameterizedTest
    @ValueSource(strings = {
            "plain ASCII, with punctuation: ?!#$%()*+,-./;=@[]^_`{|}~\u007F",
            "runs <&> between \"escapes\" and 'quotes'",
            "\u00E9 at the start, then ASCII",
            "ASCII, then \u65E5\u672C and \uD83D\uDE00 at the end",
            "\u00E9\u2039\u00FC&\u00F6<a>\u00E9",
    })
    void everyKindOfBufferGetsTheSameUtf8(String text) {
        Element message = body(text);
        message.addAttribute("id", text);
        String expected = "<message id='" + escaped(text) + "'><body>" + escaped(text) + "</body></message>";

        // small buffers: every run has to grow them; the pooled ones have an array offset, a composite one grows parts
        assertThat(write(message, Unpooled.directBuffer(4))).isEqualTo(expected);
        assertThat(write(message, Unpooled.buffer(4))).isEqualTo(expected);
        assertThat(write(message, new AdaptiveByteBufAllocator().heapBuffer(4))).isEqualTo(expected);
        assertThat(write(message, PooledByteBufAllocator.DEFAULT.heapBuffer(4))).isEqualTo(expected);
        assertThat(write(message, Unpooled.compositeBuffer())).isEqualTo(expected);
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    private static Element body(String text) {
        Element message = DocumentHelper.createElement("message");
        message.addElement("body").setText(text);
        return message;
    }

    private static String write(Element element, ByteBuf out) {
        try {
            new StanzaWriter().writeElement(element, out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
