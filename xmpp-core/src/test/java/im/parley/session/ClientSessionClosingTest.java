package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.framing.InboundFrame;
import im.parley.framing.OutboundFrame;
import im.parley.sasl.ScramCredentials;
import im.parley.stream.StreamHeader;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Queue;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/**
 * A message that reaches a session while its stream is closing is neither written after the closing tag nor lost:
 * once the session is unbound it is routed again, as if addressed to a resource that is gone (RFC 6121 §8.5.3.2.1),
 * which for a user with no other resource means offline storage (XEP-0160 §3).
 */
class ClientSessionClosingTest {
    private static final String DOMAIN = EmbeddedSessions.DOMAIN;

    private final EmbeddedSessions server = new EmbeddedSessions();
    private final Queue<Message> offline = server.offline;
    private final SessionContext context = server.context;

    @Test
    void messageQueuedBeforeThePeersClosingTagGoesOfflineNotAfterOurClosingTag_rfc6120_4_4() {
        // Given bob bound and available, without stream management
        EmbeddedChannel bob = server.loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());

        // When a message is handed to his session, and his closing tag is read before the write gets its turn
        bob.pipeline().get(ClientSession.class).deliver(chat("while you were leaving"));
        bob.writeInbound(new InboundFrame.StreamClose());
        server.runUntilClosed(bob);

        // Then our closing tag is the last thing written, and the message is stored for his next login
        assertThat(lastFrame(bob)).isInstanceOf(OutboundFrame.StreamClose.class);
        assertStoredOffline("while you were leaving");
    }

    @Test
    void messageDeliveredWhileOurClosingTagIsStillBeingWrittenGoesOffline_rfc6121_8_5_3_2_1() {
        // Given bob bound and available, without stream management, on a connection slow to take our writes
        HeldCloses held = new HeldCloses();
        EmbeddedChannel bob = server.loggedIn("bob", "pencil", held);

        // When his closing tag has been handled, our answer is not yet written, and a message arrives for him
        bob.writeInbound(new InboundFrame.StreamClose());
        assertThat(context.registry().sessionsOf("bob@" + DOMAIN)).as("bound until the connection ends").hasSize(1);
        bob.pipeline().get(ClientSession.class).deliver(chat("just too late"));
        held.release();
        server.runUntilClosed(bob);

        // Then, once he is unbound, the message is routed again: to offline storage, not dropped
        assertThat(context.registry().sessionsOf("bob@" + DOMAIN)).isEmpty();
        assertStoredOffline("just too late");
    }

    @Test
    void iqRequestDeliveredWhileClosingComesBackAsServiceUnavailable_rfc6121_8_5_3_1() {
        // Given alice online, and bob whose closing tag has been handled, our answer not yet written
        EmbeddedChannel alice = server.loggedIn("alice", "wonderland", new ChannelOutboundHandlerAdapter());
        HeldCloses held = new HeldCloses();
        EmbeddedChannel bob = server.loggedIn("bob", "pencil", held);
        bob.writeInbound(new InboundFrame.StreamClose());

        // When alice's request to bob's resource reaches his session now
        bob.pipeline().get(ClientSession.class).deliver(versionRequest());
        held.release();
        server.runUntilClosed(bob);

        // Then, bob gone, alice gets an answer rather than waiting for ever
        Element answer = server.await(alice, "iq");
        assertThat(answer.attributeValue("id")).isEqualTo("version-1");
        assertThat(answer.attributeValue("type")).isEqualTo("error");
        assertThat(answer.element("error").element("service-unavailable")).as("service-unavailable").isNotNull();
    }

    @Test
    void answeredIqLeftUnacknowledgedIsNotAnsweredAgainWhenTheSessionEnds_xep0198_rfc6120_8_2_3() {
        // Given alice online, and bob with stream management (XEP-0198 §3), who never acknowledges
        EmbeddedChannel alice = server.loggedIn("alice", "wonderland", new ChannelOutboundHandlerAdapter());
        EmbeddedChannel bob = server.loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());
        bob.writeInbound(new InboundFrame.Element(DocumentHelper.createElement(QName.get("enable", StreamManagement.NAMESPACE))));
        server.await(bob, "enabled");

        // When alice's request reaches bob, he answers it, then closes his stream without acknowledging it
        bob.pipeline().get(ClientSession.class).deliver(versionRequest());
        Element request = server.await(bob, "iq");
        Element result = DocumentHelper.createElement(QName.get("iq", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("type", "result").addAttribute("id", request.attributeValue("id"))
                .addAttribute("to", request.attributeValue("from"));
        bob.writeInbound(new InboundFrame.Element(result));
        Element answer = server.await(alice, "iq");
        bob.writeInbound(new InboundFrame.StreamClose());
        server.runUntilClosed(bob);

        // Then alice has bob's one answer, and no error for the same request after it (RFC 6120 §8.2.3)
        assertThat(answer.attributeValue("type")).isEqualTo("result");
        server.runUserWork();
        alice.runPendingTasks();
        assertThat(EmbeddedSessions.drain(alice)).as("frames alice got after the answer").isEmpty();
    }

    @Test
    void aClientThatOutpacesItsUsersExecutorIsNotReadUntilTheBacklogDrains() {
        // Given bob bound and available, alice an account that is offline, and bob's executor not getting a turn yet
        EmbeddedChannel bob = server.loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());
        server.credentials.with("alice", ScramCredentials.derive("wonderland", 4096, new SecureRandom()));

        // When he sends stanzas faster than they are handled
        for (int i = 0; i < ClientSession.PAUSE_READING_AT - 1; i++) {
            bob.writeInbound(new InboundFrame.Element(messageToAlice(i)));
        }
        assertThat(bob.config().isAutoRead()).as("below the limit").isTrue();
        bob.writeInbound(new InboundFrame.Element(messageToAlice(ClientSession.PAUSE_READING_AT)));

        // Then his connection is no longer read, and reading resumes once the backlog is handled
        assertThat(bob.config().isAutoRead()).as("at the limit").isFalse();
        server.runUserWork();
        bob.runPendingTasks();
        assertThat(bob.config().isAutoRead()).as("after the backlog").isTrue();
        assertThat(offline).as("every message handled: alice is offline, so each was stored")
                .hasSize(ClientSession.PAUSE_READING_AT);
    }

    private static Element messageToAlice(int i) {
        Element message = DocumentHelper.createElement(QName.get("message", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("to", "alice@" + DOMAIN).addAttribute("type", "chat").addAttribute("id", "m-" + i);
        message.addElement(QName.get("body", StreamHeader.CLIENT_NAMESPACE)).setText("m-" + i);
        return message;
    }

    private void assertStoredOffline(String body) {
        server.runUserWork();
        Message stored = offline.poll();
        assertThat(stored).as("the message in offline storage").isNotNull();
        assertThat(stored.getBody()).isEqualTo(body);
    }

    private static Object lastFrame(EmbeddedChannel channel) {
        List<Object> frames = EmbeddedSessions.drain(channel);
        assertThat(frames).as("frames written").isNotEmpty();
        return frames.get(frames.size() - 1);
    }

    private static IQ versionRequest() {
        IQ request = new IQ(IQ.Type.get, "version-1");
        request.setFrom(new JID("alice@" + DOMAIN + "/home"));
        request.setTo(new JID("bob@" + DOMAIN + "/home"));
        request.setChildElement("query", "jabber:iq:version");
        return request;
    }

    private static Message chat(String body) {
        Message message = new Message();
        message.setType(Message.Type.chat);
        message.setFrom(new JID("alice@" + DOMAIN + "/phone"));
        message.setTo(new JID("bob@" + DOMAIN));
        message.setBody(body);
        return message;
    }

    /** Holds the write of our closing tag until released, as a socket slow to take it would. */
    private static final class HeldCloses extends ChannelOutboundHandlerAdapter {
        private ChannelHandlerContext context;
        private Object frame;
        private ChannelPromise promise;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof OutboundFrame.StreamClose && this.frame == null) {
                this.context = ctx;
                this.frame = msg;
                this.promise = promise;
            } else {
                ctx.write(msg, promise);
            }
        }

        void release() {
            assertThat(frame).as("our closing tag, held").isNotNull();
            context.writeAndFlush(frame, promise);
        }
    }
}
