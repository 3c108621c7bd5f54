package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StanzaFramerTest {

    private static void feed(EmbeddedChannel ch, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        // one byte at a time: every split point must work
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    /** A header, a whitespace keep-alive, a '>' inside an attribute, CDATA and a self-closed stanza. */
    private static final String STREAM = "<?xml version='1.0'?><stream:stream from='x' xmlns:stream='http://etherx.jabber.org/streams'>"
            + " <message from='a@x' id='i>1'><body>&lt;hi&gt; <![CDATA[<b>]]> é</body><x/></message>\n"
            + "<presence from=\"b@x\"/></stream:stream>";

    @Test
    void cutsStanzasAtFirstLevelWhateverTheSplit_rfc6120_4() {
        EmbeddedChannel ch = new EmbeddedChannel(new StanzaFramer(true));
        feed(ch, STREAM);
        assertYieldsHeaderTwoStanzasAndClose(ch);
    }

    @Test
    void cutsStanzasOfOneReadInADirectBuffer_rfc6120_4() {
        // As TLS hands them over: many elements in one direct buffer, scanned by address
        EmbeddedChannel ch = new EmbeddedChannel(new StanzaFramer(true));
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
        assertYieldsHeaderTwoStanzasAndClose(ch);
    }

    private static void assertYieldsHeaderTwoStanzasAndClose(EmbeddedChannel ch) {
        // it yields the header, two stanzas and the close, parsed
        assertThat(ch.<Object>readInbound()).isInstanceOf(Inbound.StreamOpen.class);
        Inbound.Stanza m = ch.readInbound();
        assertThat(m.element().attributes()).containsEntry("id", "i>1");
        assertThat(m.element().child("body").orElseThrow().text()).isEqualTo("<hi> <b> é");
        Inbound.Stanza p = ch.readInbound();
        assertThat(p.element().localName()).isEqualTo("presence");
        assertThat(ch.<Object>readInbound()).isInstanceOf(Inbound.StreamClose.class);
        assertThat(ch.finish()).isFalse();
    }
}
