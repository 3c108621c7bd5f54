package im.parley.conformance.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import im.parley.binary.BinaryDictionary;
import im.parley.binary.BinaryLimits;
import im.parley.binary.Varint;
import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.BinaryStream;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dom4j.Element;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Parley's binary stanza encoding, {@code urn:parley:binary:1} (docs/binary-encoding.md): negotiated after
 * authentication, lossless both ways, and invisible to the XML clients a binary client talks to. Skipped against a
 * server that does not offer it.
 */
@ParleyServer
class BinaryEncodingTest {
    private static final String NS = BinaryStream.NAMESPACE;

    private final Target target;
    private final Accounts accounts;

    BinaryEncodingTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "never before authentication, so only "
            + "authenticated users reach the binary decoder")
    void offeredAfterAuthenticationWithTheDictionaryItsLimitsAndDomains() {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            String afterAuth = offered(client, juliet);
            String beforeAuth = client.transcript().substring(0, client.transcript().indexOf("<auth "));
            assertThat(beforeAuth).as(client.transcript()).doesNotContain(NS);
            assertThat(afterAuth).as(client.transcript())
                    .containsPattern("<dictionary[^>]*version='1'")
                    .containsPattern("<dictionary[^>]*sha256='" + BinaryDictionary.v1().sha256() + "'")
                    .contains("<domain>" + target.domain() + "</domain>");
            assertThat(limits(afterAuth).maxFrameBytes()).as("max-frame: a frame as large as a stanza may be")
                    .isEqualTo(target.limits().maxStanzaBytes());
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "after which both directions are binary, "
            + "without a stream restart")
    void aBinaryClientBindsAndChatsWithAnXmlClientBothWays() throws Exception {
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingQueue<Message> romeoReceived = new ArrayBlockingQueue<>(10);
        romeo.addAsyncStanzaListener(s -> romeoReceived.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given juliet's client, which enables the binary encoding before binding (its first binary frame)
            BinaryStream binary = enable(client, juliet);
            String fullJid = binary.bind(Optional.of("phone"));
            assertThat(fullJid).isEqualTo(juliet.bareJid() + "/phone");

            // When romeo (XML, Smack) sends her a message asking for a receipt (XEP-0184)
            Message sent = romeo.getStanzaFactory().buildMessageStanza().to(JidCreate.from(fullJid))
                    .ofType(Message.Type.chat).setBody("Wherefore art thou, Romeo? ❤")
                    .addExtension(new DeliveryReceiptRequest()).build();
            romeo.sendStanza(sent);

            // Then it arrives in binary, whole: sender, body with its non-ASCII characters, the receipt request
            Element message = binary.receiveUntil("message");
            assertThat(message.attributeValue("from")).isEqualTo(romeo.getUser().toString());
            assertThat(message.attributeValue("to")).isEqualTo(fullJid);
            assertThat(message.attributeValue("id")).isEqualTo(sent.getStanzaId());
            assertThat(message.elementText("body")).isEqualTo("Wherefore art thou, Romeo? ❤");
            assertThat(message.element("request")).isNotNull();
            assertThat(message.element("request").getNamespaceURI()).isEqualTo("urn:xmpp:receipts");

            // When she answers in binary; then romeo's XML client reads what she wrote
            binary.send("<message to='" + romeo.getUser() + "' type='chat' id='r-1'><received xmlns='urn:xmpp:receipts' "
                    + "id='" + sent.getStanzaId() + "'/></message>");
            binary.send("<message to='" + romeo.getUser() + "' type='chat' id='m-2'><body>By a name I know not "
                    + "how to tell thee who I am &amp; more</body></message>");
            Message reply = romeoReceived.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as(client.transcript()).isNotNull();
            assertThat(reply.getBody()).isEqualTo("By a name I know not how to tell thee who I am & more");
            assertThat(reply.getFrom().toString()).isEqualTo(fullJid);

            // And the server's own IQs work in binary (XEP-0199 §4.2)
            binary.send(RawXmppClient.pingRequest("p1", target.domain()));
            Element pong = binary.receiveUntil("iq");
            assertThat(pong.attributeValue("type")).isEqualTo("result");
            assertThat(pong.attributeValue("id")).isEqualTo("p1");
        } finally {
            romeo.disconnect();
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "Stream management (XEP-0198) is "
            + "unaffected: it counts stanzas, not bytes")
    void streamManagementCountsBinaryStanzas_xep0198_4() {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            BinaryStream binary = enable(client, juliet);
            binary.bind(Optional.empty());
            binary.send("<enable xmlns='urn:xmpp:sm:3'/>");
            assertThat(binary.receiveUntil("enabled").getNamespaceURI()).isEqualTo("urn:xmpp:sm:3");

            binary.send("<presence/>");
            binary.send(RawXmppClient.pingRequest("p1", target.domain()));
            binary.receiveUntil("iq");
            binary.send("<r xmlns='urn:xmpp:sm:3'/>");

            Element ack = binary.receiveUntil("a");
            assertThat(ack.getNamespaceURI()).isEqualTo("urn:xmpp:sm:3");
            assertThat(ack.attributeValue("h")).isEqualTo("2");
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "(or <failure xmlns='urn:parley:binary:1'>"
            + "<unsupported-dictionary/></failure>)")
    void anUnknownDictionaryIsRefusedAndTheStreamGoesOnInXml() {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            offered(client, juliet);
            client.send("<enable xmlns='" + NS + "' dictionary='99'/>");
            assertThat(client.awaitMatch(Pattern.compile("<failure[^>]*>[\\s\\S]*?</failure>")).group())
                    .contains("unsupported-dictionary");

            assertThat(client.bind(Optional.of("desk"))).isEqualTo(juliet.bareJid() + "/desk");
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Limits and errors", quote = "Violations end the stream "
            + "with <bad-format/> or <policy-violation/> ... exactly as the XML decoder's errors do")
    void aMalformedFrameEndsThatStreamWithBadFormatAndNobodyElseNotices_rfc6120_4_9_3_1() throws Exception {
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            BinaryStream binary = enable(client, juliet);
            binary.bind(Optional.empty());

            binary.sendRawFrame(new byte[] {(byte) 0xC6}); // a reserved element byte

            Element error = binary.receiveElement();
            assertThat(error.getName()).isEqualTo("error");
            assertThat(error.getNamespaceURI()).isEqualTo("http://etherx.jabber.org/streams");
            assertThat(error.element("bad-format")).as(client.transcript()).isNotNull();
            assertThat(binary.receive()).as("the end of the stream follows the error").isEmpty();
            client.awaitClosedByServer();
            assertThat(PingManager.getInstanceFor(romeo).pingMyServer()).as("another user's session").isTrue();
        } finally {
            romeo.disconnect();
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Framing", quote = "L > max-frame is a "
            + "<policy-violation/> stream error before the body is read")
    void aFrameLongerThanMaxFrameIsAPolicyViolationBeforeItsBodyArrives_rfc6120_4_9_3_14() {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            String features = offered(client, juliet);
            int maxFrame = limits(features).maxFrameBytes();
            BinaryStream binary = enableOnOpenStream(client, features);

            long tooLong = maxFrame + 1L;
            ByteBuf prefix = Unpooled.buffer();
            Varint.write(tooLong, prefix);
            client.sendQuietly("a length prefix of " + tooLong + " bytes, no body", ByteBufUtil.getBytes(prefix));

            Element error = binary.receiveElement();
            assertThat(error.element("policy-violation")).as(client.transcript()).isNotNull();
            assertThat(binary.receive()).isEmpty();
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "<enable/> before authentication "
            + "is a <not-authorized/> stream error")
    void enablingBeforeAuthenticationIsRefused_rfc6120_6_4() {
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            client.openStream();
            client.send("<enable xmlns='" + NS + "' dictionary='1'/>");
            assertThat(client.awaitStreamError()).isEqualTo("not-authorized");
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "a second <enable/> gets "
            + "<unexpected-request/>")
    void enablingAfterBindingWorksAndASecondEnableIsRefusedInBinary() {
        Credentials juliet = accounts.registered("juliet");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            // Given a bound XML session
            String features = offered(client, juliet);
            String fullJid = client.bind(Optional.of("desk"));

            // When it enables the binary encoding after binding, its JID is a session token from the start
            BinaryStream binary = enableOnOpenStream(client, features);
            binary.bound(fullJid);
            binary.send(RawXmppClient.pingRequest("p1", target.domain()));
            Element pong = binary.receiveUntil("iq");
            assertThat(pong.attributeValue("to")).isEqualTo(fullJid);

            // And a second <enable/> is answered with a failure, in binary, on a stream that goes on
            binary.send("<enable xmlns='" + NS + "' dictionary='1'/>");
            Element failure = binary.receiveUntil("failure");
            assertThat(failure.element("unexpected-request")).as(client.transcript()).isNotNull();
            binary.send(RawXmppClient.pingRequest("p2", target.domain()));
            assertThat(binary.receiveUntil("iq").attributeValue("id")).isEqualTo("p2");
        }
    }

    @Test
    @Spec(document = "docs/binary-encoding.md", section = "Negotiation", quote = "the queue of unacknowledged "
            + "stanzas holds packets, which a resumed stream encodes in its own encoding")
    void aBinaryStreamResumesWithStanzasPipelinedBehindResume_xep0198_5() throws Exception {
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        BlockingQueue<Message> romeoReceived = new ArrayBlockingQueue<>(10);
        romeo.addAsyncStanzaListener(s -> romeoReceived.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
        String fullJid;
        String previd;
        try (RawXmppClient first = RawXmppClient.connect(target)) {
            // Given a binary session with resumable stream management, which receives a message it never acknowledges
            BinaryStream binary = enable(first, juliet);
            fullJid = binary.bind(Optional.of("phone"));
            binary.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            previd = binary.receiveUntil("enabled").attributeValue("id");
            romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to(JidCreate.from(fullJid))
                    .ofType(Message.Type.chat).setBody("are you there?").build());
            assertThat(binary.receiveUntil("message").elementText("body")).isEqualTo("are you there?");
        } // and whose connection then drops

        try (RawXmppClient second = RawXmppClient.connect(target)) {
            // When a new binary connection resumes and pipelines a request and a message behind <resume/>
            BinaryStream binary = enable(second, juliet);
            binary.send("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0'/>");
            binary.send("<message to='" + romeo.getUser() + "' type='chat' id='after'><body>here</body></message>");
            binary.send("<r xmlns='urn:xmpp:sm:3'/>");

            // Then the stream is resumed, the unacknowledged message comes again, and the pipelined stanzas count
            Element resumed = binary.receiveUntil("resumed");
            assertThat(resumed.attributeValue("previd")).as(second.transcript()).isEqualTo(previd);
            binary.bound(fullJid);
            assertThat(binary.receiveUntil("message").elementText("body")).isEqualTo("are you there?");
            // (the message behind <resume/> is the one stanza juliet sent since enabling stream management)
            assertThat(binary.receiveUntil("a").attributeValue("h")).isEqualTo("1");
            Message here = romeoReceived.poll(10, TimeUnit.SECONDS);
            assertThat(here).as(second.transcript()).isNotNull();
            assertThat(here.getBody()).isEqualTo("here");
        } finally {
            romeo.disconnect();
        }
    }

    /** Against Parley the offer must be there; against another server these tests do not apply. */
    private void requireOffer(String features) {
        if (target.inProcess().isPresent()) {
            assertThat(features).as("Parley offers " + NS).contains(NS);
        } else {
            assumeThat(features).as("the server offers " + NS).contains(NS);
        }
    }

    /** A logged-in, not yet bound client; the post-authentication features, which must offer the encoding. */
    private String offered(RawXmppClient client, Credentials credentials) {
        String features = client.authenticate(credentials);
        requireOffer(features);
        return features;
    }

    /** A logged-in (not yet bound) client that enabled the binary encoding. */
    private BinaryStream enable(RawXmppClient client, Credentials credentials) {
        return enableOnOpenStream(client, offered(client, credentials));
    }

    private BinaryStream enableOnOpenStream(RawXmppClient client, String features) {
        client.send("<enable xmlns='" + NS + "' dictionary='1'/>");
        client.awaitMatch(Pattern.compile("<enabled xmlns='" + Pattern.quote(NS) + "'/>"));
        return new BinaryStream(client, limits(features), target.domain());
    }

    /** The {@code <limits/>} the server advertised (docs/binary-encoding.md, "Negotiation"). */
    private static BinaryLimits limits(String features) {
        int maxFrame = attribute(features, "max-frame");
        return new BinaryLimits(maxFrame, attribute(features, "table-entries"), attribute(features, "table-bytes"),
                maxFrame, 64);
    }

    private static int attribute(String features, String name) {
        Matcher m = Pattern.compile("<limits[^>]*\\b" + name + "='(\\d+)'").matcher(features);
        assertThat(m.find()).as("<limits " + name + "/> in " + features).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
