package im.parley.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import im.parley.framing.InboundFrame;
import im.parley.framing.WireEncoding;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.dom4j.DocumentFactory;
import org.junit.jupiter.api.Test;

class XmlEncodingTest {
    private final XmlEncoding encoding =
            new XmlEncoding(new XmlLimits(4096, 16), new XmlParserFactory(), new DocumentFactory(), KnownNames.NONE);

    @Test
    void installsDecoderAndEncoderBeforeSession_rfc6120_4() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("session", new ChannelInboundHandlerAdapter());

        // When
        encoding.install(channel.pipeline(), "session");

        // Then
        assertThat(channel.pipeline().names()).startsWith(WireEncoding.DECODER, WireEncoding.ENCODER, "session");
        assertThat(channel.pipeline().get(WireEncoding.DECODER)).isInstanceOf(XmlStreamDecoder.class);
        assertThat(channel.pipeline().get(WireEncoding.ENCODER)).isInstanceOf(XmlFrameEncoder.class);
        assertFalse(channel.finish());
    }

    @Test
    void restartThroughPipelineAcceptsNewDocument_rfc6120_4_3_3() {
        // Given: a stream that just finished STARTTLS
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("session", new ChannelInboundHandlerAdapter());
        encoding.install(channel.pipeline(), "session");
        channel.writeInbound(Unpooled.copiedBuffer(XmlStreamDecoderTest.HEADER
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", StandardCharsets.UTF_8));
        assertThat((Object) channel.readInbound()).isInstanceOf(InboundFrame.StreamOpen.class);
        assertThat((Object) channel.readInbound()).isInstanceOf(InboundFrame.Element.class);

        // When
        encoding.restart(channel.pipeline());
        channel.writeInbound(Unpooled.copiedBuffer(XmlStreamDecoderTest.HEADER, StandardCharsets.UTF_8));

        // Then
        assertThat((Object) channel.readInbound()).isInstanceOf(InboundFrame.StreamOpen.class);
        assertFalse(channel.finish());
    }
}
