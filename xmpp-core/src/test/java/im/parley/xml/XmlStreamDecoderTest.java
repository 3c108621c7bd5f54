package im.parley.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertFalse;

import im.parley.binary.BinaryDictionary;
import im.parley.binary.StaticNames;
import im.parley.framing.InboundFrame;
import im.parley.stream.StreamErrorException;
import im.parley.stream.StreamHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.StreamError.Condition;

class XmlStreamDecoderTest {
    static final String HEADER = "<?xml version='1.0'?>"
            + "<stream:stream from='juliet@im.example.com' to='im.example.com' version='1.0' xml:lang='en'"
            + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    // RFC 6120 §9.1 and §9.2, client side: header, STARTTLS, SASL (SCRAM-SHA-1), bind, a message, close.
    static final String TRANSCRIPT = HEADER + "\n"
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
            + HEADER
            + "<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"SCRAM-SHA-1\">"
            + "biwsbj1qdWxpZXQscj1vTXNUQUF3QUFBQU1BQUFBTlAwVEFBQUFBQUJQVTBBQQ==</auth>\n"
            + "<response xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">Yz1iaXdzLHI9b01zVEFBd0FBQUFNQUFBQU5QMFRBQUFB"
            + "QUFCUFUwQUFlMTI0Njk1Yi02OWE5LTRkZTYtOWMzMC1iNTFiMzgwOGM1OWUscD1VQTU3dE0vU3ZwQVRCa0gyRlhzMFdEWHZKWXc9"
            + "</response>"
            + HEADER + "\n  "
            + "<iq id='tn281v37' type='set'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>\n"
            + "<message from='juliet@im.example.com/balcony' id='ju2ba41c' to='romeo@example.net' type='chat'"
            + " xml:lang='en'><body>Art thou not Romeo, and a Montague? — 日本 😀 &lt;&amp;&gt;&#65;</body></message>"
            + " \n</stream:stream>";

    private final XmlParserFactory parsers = new XmlParserFactory();
    private final DocumentFactory documents = new DocumentFactory();
    /** The server's shared names, so that every test here runs the decoder as the server does. */
    private final KnownNames known = new StaticNames(BinaryDictionary.v1(), documents).known();

    private XmlStreamDecoder decoder(XmlLimits limits) {
        return new XmlStreamDecoder(limits, parsers, documents, known);
    }

    /** A stand-in for the session: records frames and may react to them (restart, pause). */
    private static final class Session extends ChannelInboundHandlerAdapter {
        final List<InboundFrame> frames = new ArrayList<>();
        private final BiConsumer<ChannelHandlerContext, InboundFrame> reaction;

        Session(BiConsumer<ChannelHandlerContext, InboundFrame> reaction) {
            this.reaction = reaction;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add((InboundFrame) msg);
            reaction.accept(ctx, (InboundFrame) msg);
        }
    }

    private static boolean isElement(InboundFrame frame, String name) {
        return frame instanceof InboundFrame.Element e && e.element().getName().equals(name);
    }

    private static List<String> describe(List<InboundFrame> frames) {
        return frames.stream().map(f -> switch (f) {
            case InboundFrame.StreamOpen open -> "open " + open.header();
            case InboundFrame.Element element -> element.element().asXML();
            case InboundFrame.StreamClose close -> "close";
        }).toList();
    }

    private static List<InboundFrame> drain(EmbeddedChannel channel) {
        List<InboundFrame> frames = new ArrayList<>();
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            frames.add((InboundFrame) frame);
        }
        return frames;
    }

    private static ByteBuf direct(byte[] bytes, int from, int to) {
        return Unpooled.directBuffer(to - from).writeBytes(bytes, from, to - from);
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Runs the transcript through a decoder whose "session" restarts it after STARTTLS and SASL, as §4.3.3 says. */
    private List<String> decodeTranscript(int chunkSize) {
        return decodeTranscript(chunkSize, new XmlLimits(64 * 1024, 16));
    }

    private List<String> decodeTranscript(int chunkSize, XmlLimits limits) {
        XmlStreamDecoder decoder = decoder(limits);
        Session session = new Session((ctx, frame) -> {
            if (isElement(frame, "starttls") || isElement(frame, "response")) {
                decoder.restart();
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder, session);
        byte[] bytes = TRANSCRIPT.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunkSize) {
            channel.writeInbound(direct(bytes, i, Math.min(bytes.length, i + chunkSize)));
        }
        assertFalse(channel.finish());
        return describe(session.frames);
    }

    @Test
    void decodesClientSessionTranscriptTheSameWhateverTheChunking_rfc6120_9() {
        // Given: the RFC 6120 §9 client transcript, new headers pipelined behind the elements that restart the stream
        // When: it arrives in one chunk, byte by byte, and in 7-byte chunks (splitting multi-byte characters)
        List<String> whole = decodeTranscript(Integer.MAX_VALUE);
        List<String> byteByByte = decodeTranscript(1);
        List<String> sevens = decodeTranscript(7);

        // Then: the same frames: three stream opens, the five first-level elements, the close
        assertThat(whole).hasSize(9);
        assertThat(whole.get(0)).startsWith("open ");
        assertThat(whole.get(1)).isEqualTo("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>");
        assertThat(whole.get(2)).isEqualTo(whole.get(0));
        assertThat(whole.get(3)).startsWith("<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"SCRAM-SHA-1\">");
        assertThat(whole.get(5)).isEqualTo(whole.get(0));
        assertThat(whole.get(6)).isEqualTo("<iq xmlns=\"jabber:client\" id=\"tn281v37\" type=\"set\">"
                + "<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/></iq>");
        assertThat(whole.get(7)).contains("<body>Art thou not Romeo, and a Montague? — 日本 😀 &lt;&amp;&gt;A</body>");
        assertThat(whole.get(8)).isEqualTo("close");
        assertThat(byteByByte).isEqualTo(whole);
        assertThat(sevens).isEqualTo(whole);
    }

    @Test
    void releasingTheParserAtEveryBoundaryChangesNoFrame_rfc6120_9() {
        // Given: a decoder that gives up its parser at the end of every read that leaves it between stanzas
        XmlLimits releaseAtOnce = new XmlLimits(64 * 1024, 16, Duration.ZERO);

        // When / Then: the same frames as a decoder that keeps its parser, however the transcript is cut
        for (int chunkSize : new int[] {Integer.MAX_VALUE, 1, 7, 64}) {
            assertThat(decodeTranscript(chunkSize, releaseAtOnce)).as("chunks of %d", chunkSize)
                    .isEqualTo(decodeTranscript(chunkSize));
        }
    }

    @Test
    void idleConnectionReleasesItsParserAndTheStreamGoesOn_rfc6120_4_8() {
        // Given: a stream header declaring a prefix beyond the content and stream namespaces, and a message
        XmlLimits limits = new XmlLimits(4096, 8, Duration.ofSeconds(5));
        XmlStreamDecoder decoder = decoder(limits);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.freezeTime();
        channel.writeInbound(utf8(HEADER.replace("xmlns='jabber:client'",
                "xmlns='jabber:client' xmlns:ext='urn:example:ext'") + "<message id='1'/>"));
        assertThat(drain(channel)).hasSize(2);

        // When: 4 s of silence, then 5 more
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        boolean heldAfterFour = decoder.holdsParser();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        // Then: released only once the connection has been quiet for releaseParserAfter
        assertThat(heldAfterFour).isTrue();
        assertThat(decoder.holdsParser()).isFalse();

        // And: a stanza using the header's prefix (§4.8: declarations on the stream element are in scope for every
        // stanza) parses as before the release, and the stream still closes
        channel.writeInbound(utf8("<message id='2'><ext:x/></message></stream:stream>"));
        List<InboundFrame> frames = drain(channel);
        assertThat(describe(frames)).first().asString()
                .contains("<ext:x xmlns:ext=\"urn:example:ext\"/>");
        assertThat(frames.get(1)).isInstanceOf(InboundFrame.StreamClose.class);
        assertFalse(channel.finish());
    }

    @Test
    void keepsTheParserWhileATagIsHalfReceivedButNotForKeepAlives_rfc6120_4_6_1() {
        // Given: a decoder that would release its parser at the end of any read between stanzas
        XmlStreamDecoder decoder = decoder(new XmlLimits(4096, 8, Duration.ZERO));
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(utf8(HEADER));

        // When / Then: whitespace keep-alives are no reason to keep it; half a tag is
        channel.writeInbound(utf8(" \n"));
        assertThat(decoder.holdsParser()).isFalse();
        channel.writeInbound(utf8("<pres"));
        assertThat(decoder.holdsParser()).isTrue();
        channel.writeInbound(utf8("ence/> \t"));
        assertThat(decoder.holdsParser()).isFalse();
        List<String> frames = describe(drain(channel));
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isEqualTo("<presence xmlns=\"jabber:client\"/>");
        assertFalse(channel.finish());
    }

    @Test
    void parsesStreamHeaderAttributesAndContentNamespace_rfc6120_4_7() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

        // When
        channel.writeInbound(utf8(HEADER));

        // Then
        InboundFrame.StreamOpen open = channel.readInbound();
        assertThat(open.header()).isEqualTo(new StreamHeader(Optional.of("im.example.com"),
                Optional.of("juliet@im.example.com"), Optional.empty(), Optional.of("1.0"), Optional.of("en"),
                StreamHeader.CLIENT_NAMESPACE));
        assertFalse(channel.finish());
    }

    @Test
    void elementsCarryTheirNamespaces_rfc6120_4_8() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

        // When
        channel.writeInbound(utf8(HEADER + "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'><item/></query>"
                + "</iq>"));

        // Then
        List<InboundFrame> frames = drain(channel);
        Element iq = ((InboundFrame.Element) frames.get(1)).element();
        assertThat(iq.getNamespaceURI()).isEqualTo("jabber:client");
        Element query = iq.element("query");
        assertThat(query.getNamespaceURI()).isEqualTo("jabber:iq:roster");
        assertThat(query.elements().getFirst().getNamespaceURI()).isEqualTo("jabber:iq:roster");
        assertFalse(channel.finish());
    }

    @Test
    void ignoresWhitespaceKeepAlivesBetweenElements_rfc6120_4_6_1() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(256, 8)));
        channel.writeInbound(utf8(HEADER));
        drain(channel);

        // When: far more whitespace than maxStanzaBytes, in many keep-alives
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(utf8(" \n "));
        }
        channel.writeInbound(utf8("<presence/>"));

        // Then
        assertThat(describe(drain(channel))).containsExactly("<presence xmlns=\"jabber:client\"/>");
        assertFalse(channel.finish());
    }

    @Test
    void joinsMultiByteCharacterSplitAcrossChunks_rfc6120_11_6() {
        // Given: a 4-byte and a 3-byte UTF-8 character cut in the middle
        byte[] bytes = (HEADER + "<message><body>😀日</body></message>").getBytes(StandardCharsets.UTF_8);
        int cut = (HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8).length + 2;
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

        // When
        channel.writeInbound(direct(bytes, 0, cut));
        channel.writeInbound(direct(bytes, cut, cut + 3));
        channel.writeInbound(direct(bytes, cut + 3, bytes.length));

        // Then
        List<InboundFrame> frames = drain(channel);
        assertThat(((InboundFrame.Element) frames.get(1)).element().elementText("body")).isEqualTo("😀日");
        assertFalse(channel.finish());
    }

    @Test
    void restartExpectsNewDocumentAfterClientWaitedForSuccess_rfc6120_4_3_3() {
        // Given: a stream whose SASL exchange completed
        XmlStreamDecoder decoder = decoder(new XmlLimits(4096, 8));
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(utf8(HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + "AGp1bGlldAByMG0zMG15cjBtMzA=</auth>"));
        drain(channel);

        // When: the session restarts the stream, then the client sends a new header with its XML declaration
        decoder.restart();
        channel.writeInbound(utf8(HEADER + "<iq type='set' id='b1'/>"));

        // Then
        List<InboundFrame> frames = drain(channel);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(InboundFrame.StreamOpen.class);
        assertThat(isElement(frames.get(1), "iq")).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void dropsPlaintextReceivedBehindStartTls_rfc6120_5_4_3_3() {
        // Given: a session that answers <starttls/> by restarting for TLS, as ClientSession does
        XmlStreamDecoder decoder = decoder(new XmlLimits(4096, 8));
        Session session = new Session((ctx, frame) -> {
            if (isElement(frame, "starttls")) {
                decoder.restartDiscardingInput();
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder, session);

        // When: an attacker's stream header and stanza ride in the clear in the same read as <starttls/>, and more
        // plaintext follows in a second read before the handshake
        channel.writeInbound(utf8(HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + HEADER
                + "<iq type='get' id='injected'/>"));

        // Then: nothing behind <starttls/> became a frame (CVE-2011-0411)
        assertThat(describe(session.frames)).hasSize(2);
        assertThat(isElement(session.frames.get(1), "starttls")).isTrue();

        // When: the stream inside TLS begins (decrypted bytes arrive)
        channel.writeInbound(utf8(HEADER + "<iq type='get' id='real'/>"));

        // Then: it is a fresh document, read from its own first byte
        assertThat(session.frames).hasSize(4);
        assertThat(session.frames.get(2)).isInstanceOf(InboundFrame.StreamOpen.class);
        assertThat(((InboundFrame.Element) session.frames.get(3)).element().attributeValue("id")).isEqualTo("real");
        assertFalse(channel.finish());
    }

    @Test
    void holdsPipelinedHeaderWhileSessionPausesThenRestarts_rfc6120_4_3_3() {
        // Given: a session that answers <auth/> later (off the event loop), so it turns autoRead off meanwhile
        XmlStreamDecoder decoder = decoder(new XmlLimits(4096, 8));
        Session session = new Session((ctx, frame) -> {
            if (isElement(frame, "auth")) {
                ctx.channel().config().setAutoRead(false);
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder, session);

        // When: the client pipelines the new stream header (and a stanza) right behind <auth/>
        channel.writeInbound(utf8(HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + "AGp1bGlldAByMG0zMG15cjBtMzA=</auth>" + HEADER + "<iq type='set' id='b1'/>"));

        // Then: nothing past <auth/> is parsed yet
        assertThat(session.frames).hasSize(2);

        // When: SASL succeeds: the session restarts the stream and reads again
        decoder.restart();
        channel.config().setAutoRead(true);

        // Then: the held bytes are a fresh document
        assertThat(session.frames).hasSize(4);
        assertThat(session.frames.get(2)).isInstanceOf(InboundFrame.StreamOpen.class);
        assertThat(isElement(session.frames.get(3), "iq")).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void resumesOldStreamWhenPausedSessionDoesNotRestart_rfc6120_6_4_5() {
        // Given: a paused session after <auth/>, with a retry pipelined behind it
        Session session = new Session((ctx, frame) -> {
            if (isElement(frame, "auth")) {
                ctx.channel().config().setAutoRead(false);
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)), session);
        channel.writeInbound(utf8(HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>x</auth>"
                + "<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
        assertThat(session.frames).hasSize(2);

        // When: authentication failed; the session just reads on
        channel.config().setAutoRead(true);

        // Then
        assertThat(session.frames).hasSize(3);
        assertThat(isElement(session.frames.get(2), "abort")).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void elementBecomesTinderMessage_rfc6121_5_2() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));
        channel.writeInbound(utf8(HEADER + "<message to='romeo@example.net/orchard' type='chat' id='m1'>"
                + "<body>Art thou not Romeo?</body></message>"));

        // When
        List<InboundFrame> frames = drain(channel);
        Message message = new Message(((InboundFrame.Element) frames.get(1)).element(), true);

        // Then
        assertThat(message.getBody()).isEqualTo("Art thou not Romeo?");
        assertThat(message.getTo()).isEqualTo(new JID("romeo@example.net/orchard"));
        assertThat(message.getType()).isEqualTo(Message.Type.chat);
        assertFalse(channel.finish());
    }

    @Test
    void streamsShareTheServersNamesAndKeepTheirOwnForTheRest() {
        // Given two connections
        String stanza = "<message to='romeo@example.net' id='m1'><body>hi</body><x xmlns='urn:example:x'/></message>";
        List<Element> messages = new ArrayList<>();
        for (int connection = 0; connection < 2; connection++) {
            EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

            // When each sends the same stanza
            channel.writeInbound(utf8(HEADER + stanza));
            messages.add(((InboundFrame.Element) drain(channel).get(1)).element());
            assertFalse(channel.finish());
        }

        // Then the dictionary's names are one instance for both; an unlisted name is each connection's own
        Element first = messages.get(0);
        Element second = messages.get(1);
        assertThat(second.getQName()).isSameAs(first.getQName());
        assertThat(second.element("body").getQName()).isSameAs(first.element("body").getQName());
        assertThat(second.attribute("to").getQName()).isSameAs(first.attribute("to").getQName());
        assertThat(second.element("x").getQName()).isEqualTo(first.element("x").getQName())
                .isNotSameAs(first.element("x").getQName());
        assertThat(second.asXML()).isEqualTo(first.asXML());
    }

    // --- stream errors (RFC 6120 §4.9.3) ---

    private static StreamErrorException errorFor(XmlLimits limits, XmlStreamDecoder decoder, String... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        StreamErrorException error = catchThrowableOfType(StreamErrorException.class, () -> {
            for (String chunk : chunks) {
                channel.writeInbound(utf8(chunk));
            }
        });
        // After the error every further byte is discarded, and released.
        channel.writeInbound(utf8("<message><body>more</body></message>"));
        drain(channel);
        assertFalse(channel.finish());
        return error;
    }

    private Condition conditionFor(String... chunks) {
        XmlLimits limits = new XmlLimits(4096, 8);
        StreamErrorException error = errorFor(limits, decoder(limits), chunks);
        assertThat(error).as("a stream error").isNotNull();
        return error.condition();
    }

    @Test
    void rejectsIllFormedXml_rfc6120_4_9_3_13() {
        assertThat(conditionFor(HEADER, "<message><body>hi</message>")).isEqualTo(Condition.not_well_formed);
        assertThat(conditionFor(HEADER, "<message to='a' to='b'/>")).isEqualTo(Condition.not_well_formed);
        assertThat(conditionFor(HEADER, "<message><body>&#0;</body></message>")).isEqualTo(Condition.not_well_formed);
        assertThat(conditionFor("<?xml version='1.0'?><?xml version='1.0'?>")).isEqualTo(Condition.not_well_formed);
    }

    @Test
    void rejectsBillionLaughsWithoutExpandingIt_rfc6120_11_1() {
        // Given: the classic entity-expansion bomb
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '");
            dtd.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("'>");
        }
        dtd.append("]>");

        // When / Then: restricted-xml, no frame carries any expansion
        assertThat(conditionFor(dtd + HEADER.substring(21) + "<message><body>&lol9;</body></message>"))
                .isEqualTo(Condition.restricted_xml);
    }

    @Test
    void rejectsExternalEntityWithoutResolvingIt_rfc6120_11_1() {
        assertThat(conditionFor("<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<message><body>&xxe;</body></message>")).isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor("<?xml version='1.0'?><!DOCTYPE stream SYSTEM 'file:///etc/passwd'>" + HEADER.substring(21)))
                .isEqualTo(Condition.restricted_xml);
    }

    @Test
    void rejectsEntityReferenceOtherThanPredefined_rfc6120_11_1() {
        assertThat(conditionFor(HEADER, "<message><body>&xxe;</body></message>")).isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor(HEADER + "<message><body>&nbsp;</body></message>")).isEqualTo(Condition.restricted_xml);
    }

    @Test
    void rejectsCommentsAndProcessingInstructions_rfc6120_11_1() {
        assertThat(conditionFor(HEADER, "<message><!-- hi --></message>")).isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor(HEADER, "<!-- keep-alive? -->")).isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor(HEADER, "<message><?php echo 1; ?></message>")).isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor("<?xml version='1.0'?><?xml-stylesheet href='x'?>" + HEADER.substring(21)))
                .isEqualTo(Condition.restricted_xml);
        assertThat(conditionFor("<!-- before -->" + HEADER.substring(21))).isEqualTo(Condition.restricted_xml);
    }

    @Test
    void acceptsCharacterReferencesAndPredefinedEntities_rfc6120_11_1() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

        // When
        channel.writeInbound(utf8(HEADER + "<message><body a='&quot;&apos;'>&lt;&gt;&amp;&#x1F600;&#233;</body>"
                + "</message>"));

        // Then
        Element body = ((InboundFrame.Element) drain(channel).get(1)).element().element("body");
        assertThat(body.getText()).isEqualTo("<>&😀é");
        assertThat(body.attributeValue("a")).isEqualTo("\"'");
        assertFalse(channel.finish());
    }

    @Test
    void rejectsNonUtf8EncodingDeclaration_rfc6120_11_6() {
        assertThat(conditionFor("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(21)))
                .isEqualTo(Condition.unsupported_encoding);
        assertThat(conditionFor("<?xml version='1.0' encoding='UTF-16'?>" + HEADER.substring(21)))
                .isEqualTo(Condition.unsupported_encoding);
    }

    @Test
    void acceptsUtf8EncodingDeclaration_rfc6120_11_6() {
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));
        channel.writeInbound(utf8("<?xml version='1.0' encoding='utf-8'?>" + HEADER.substring(21)));
        assertThat(drain(channel)).hasSize(1);
        assertFalse(channel.finish());
    }

    @Test
    void rejectsWrongStreamNamespace_rfc6120_4_9_3_10() {
        assertThat(conditionFor("<stream:stream xmlns='jabber:client' xmlns:stream='http://wrong.example/'>"))
                .isEqualTo(Condition.invalid_namespace);
        assertThat(conditionFor("<stream:stream xmlns='jabber:client'>")).isEqualTo(Condition.invalid_namespace);
        assertThat(conditionFor("<stream:foo xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"))
                .isEqualTo(Condition.invalid_namespace);
        assertThat(conditionFor("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"))
                .isEqualTo(Condition.invalid_namespace);
    }

    @Test
    void rejectsMissingStreamPrefix_rfc6120_4_9_3_2() {
        assertThat(conditionFor("<stream xmlns='http://etherx.jabber.org/streams'>"))
                .isEqualTo(Condition.bad_namespace_prefix);
    }

    @Test
    void rejectsTextAtStreamLevel_rfc6120_4_9_3_1() {
        assertThat(conditionFor(HEADER, " hello <presence/>")).isEqualTo(Condition.bad_format);
    }

    @Test
    void rejectsOversizeElementAsSoonAsLimitIsPassed_rfc6120_4_9_3_12() {
        // Given: a 1 KiB limit and a message whose body never ends
        XmlLimits limits = new XmlLimits(1024, 8);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(limits));
        channel.writeInbound(utf8(HEADER + "<message><body>"));
        String chunk = "a".repeat(100);

        // When: 100-byte chunks keep coming
        int sent = 0;
        StreamErrorException error = null;
        while (error == null && sent < 1000) {
            sent++;
            try {
                channel.writeInbound(utf8(chunk));
            } catch (StreamErrorException e) {
                error = e;
            }
        }

        // Then: policy-violation in the chunk that passed the limit, not after the element ended
        assertThat(error).isNotNull();
        assertThat(error.condition()).isEqualTo(Condition.policy_violation);
        assertThat(sent).isEqualTo(11); // "<message><body>" (15) + 10 * 100 bytes < 1024 < 15 + 11 * 100
        drain(channel);
        assertFalse(channel.finish());
    }

    @Test
    void rejectsOversizeElementArrivingInOneChunk_rfc6120_4_9_3_12() {
        XmlLimits limits = new XmlLimits(1024, 8);
        StreamErrorException error = errorFor(limits, decoder(limits),
                HEADER + "<message><body>" + "a".repeat(10_000) + "</body></message>");
        assertThat(error.condition()).isEqualTo(Condition.policy_violation);
    }

    @Test
    void acceptsElementOfExactlyMaxStanzaBytes_rfc6120_4_9_3_12() {
        // Given
        String message = "<message><body>" + "a".repeat(1000) + "</body></message>";
        XmlLimits limits = new XmlLimits(message.length(), 8);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(limits));

        // When: a few of them in one chunk
        channel.writeInbound(utf8(HEADER + message + message + " " + message));

        // Then
        assertThat(drain(channel)).hasSize(4);
        assertFalse(channel.finish());
    }

    @Test
    void rejectsNestingDeeperThanMaxDepth_rfc6120_4_9_3_12() {
        // Given: maxDepth 3, the first-level element being depth 1
        XmlLimits limits = new XmlLimits(4096, 3);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(limits));
        channel.writeInbound(utf8(HEADER + "<iq><a><b/></a></iq>"));
        assertThat(drain(channel)).hasSize(2);

        // When / Then
        assertThatThrownBy(() -> channel.writeInbound(utf8("<iq><a><b><c/></b></a></iq>")))
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(Condition.policy_violation));
        drain(channel);
        assertFalse(channel.finish());
    }

    @Test
    void emitsStreamCloseAndDiscardsWhatFollows_rfc6120_4_4() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(decoder(new XmlLimits(4096, 8)));

        // When
        channel.writeInbound(utf8(HEADER + "</stream:stream><message/>"));
        channel.writeInbound(utf8("<message/>"));

        // Then
        List<InboundFrame> frames = drain(channel);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isInstanceOf(InboundFrame.StreamClose.class);
        assertFalse(channel.finish());
    }
}
