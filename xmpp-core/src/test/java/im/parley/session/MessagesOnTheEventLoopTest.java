package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.framing.InboundFrame;
import im.parley.module.NotInMemoryException;
import im.parley.module.Requester;
import im.parley.module.StanzaInterceptor;
import im.parley.stream.StreamHeader;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Packet;

/**
 * ADR 015: a message that the interceptors and the router handle from memory is handled on its connection's event
 * loop when its account's executor is idle; anything that may block, or has to wait its turn, goes through the
 * account's ordered executor as before (ADR 004). Here the event loop is the test thread: what runs while a channel
 * reads ran on the event loop, what waits in {@code userWork} was handed to an executor.
 */
class MessagesOnTheEventLoopTest {
    private static final String BOB_HOME = "bob@" + EmbeddedSessions.DOMAIN + "/home";

    private final Recording inbound = new Recording();
    private final Recording outbound = new Recording();
    private final EmbeddedSessions server = new EmbeddedSessions(List.of(inbound), List.of(outbound));
    private final EmbeddedChannel alice = server.loggedIn("alice", "wonderland", new ChannelOutboundHandlerAdapter());
    private final EmbeddedChannel bob = server.loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());

    @Test
    void aMessageToAnOnlineResourceIsHandledOnTheEventLoopWhenTheAccountIsIdle() {
        // When alice sends bob's resource a message, and the interceptors need memory alone
        alice.writeInbound(message(BOB_HOME, "m1"));

        // Then it went through both interceptors and to bob's connection without an executor's turn
        assertThat(server.userWork).as("work handed to the executors").isEmpty();
        assertThat(inbound.seen).containsExactly("m1");
        assertThat(outbound.seen).containsExactly("m1");
        bob.runPendingTasks();
        assertThat(ids(bob)).containsExactly("m1");
    }

    @Test
    void aMessageAnInboundInterceptorMayBlockOnGoesToTheExecutor() {
        // Given an interceptor that may need storage for it
        inbound.inMemory = false;

        // When alice sends bob's resource a message
        alice.writeInbound(message(BOB_HOME, "m1"));

        // Then nothing of it ran on the event loop; the executor delivers it
        assertThat(server.userWork).isNotEmpty();
        assertDeliveredByTheExecutor("m1");
    }

    @Test
    void aMessageTheRecipientsSessionMayBlockOnGoesToTheExecutorAfterTheInboundInterceptors() {
        // Given bob's outbound interceptor may need storage for it
        outbound.inMemory = false;

        // When alice sends bob's resource a message
        alice.writeInbound(message(BOB_HOME, "m1"));

        // Then the event loop ran the inbound interceptor and left the routing to the executor
        assertThat(inbound.seen).containsExactly("m1");
        assertThat(outbound.seen).isEmpty();
        server.runUserWork();
        bob.runPendingTasks();
        assertThat(outbound.seen).containsExactly("m1");
        assertThat(ids(bob)).containsExactly("m1");
    }

    @Test
    void aMessageWaitsBehindWorkAlreadyQueuedForItsAccount_rfc6120_10_1() {
        // Given work queued on alice's executor, not yet run
        List<String> order = new CopyOnWriteArrayList<>();
        server.executors.forKey("alice@" + EmbeddedSessions.DOMAIN).execute(() -> order.add("earlier work"));
        inbound.order = order;

        // When she sends a message, and then another
        alice.writeInbound(message(BOB_HOME, "m1"));
        alice.writeInbound(message(BOB_HOME, "m2"));

        // Then both wait for the executor, and are handled after what was queued, in the order sent
        assertThat(order).isEmpty();
        server.runUserWork();
        bob.runPendingTasks();
        assertThat(order).containsExactly("earlier work", "m1", "m2");
        assertThat(ids(bob)).containsExactly("m1", "m2");
    }

    @Test
    void theEventLoopDoesNotStoreAMessageForAResourceThatIsGone_xep0160() {
        // Given bob's session ended
        bob.writeInbound(new InboundFrame.StreamClose());
        server.runUntilClosed(bob);

        // When alice sends his resource a message
        alice.writeInbound(message(BOB_HOME, "m1"));

        // Then the offline store is left to the executor (RFC 6121 §8.5.3.2.1: to the bare JID, stored)
        assertThat(server.offline).as("stored on the event loop").isEmpty();
        server.runUserWork();
        assertThat(server.offline).extracting(Packet::getID).containsExactly("m1");
    }

    @Test
    void aMessageHandledOnTheEventLoopCountsForStreamManagement_xep0198_4() {
        // Given alice enabled stream management
        alice.writeInbound(new InboundFrame.Element(
                DocumentHelper.createElement(QName.get("enable", StreamManagement.NAMESPACE))));
        server.await(alice, "enabled");

        // When she sends a message, handled on the event loop, then asks for an acknowledgement
        alice.writeInbound(message(BOB_HOME, "m1"));
        assertThat(server.userWork).as("work handed to the executors").isEmpty();
        alice.writeInbound(new InboundFrame.Element(DocumentHelper.createElement(QName.get("r", StreamManagement.NAMESPACE))));

        // Then it counts as handled
        assertThat(server.await(alice, "a").attributeValue("h")).isEqualTo("1");
    }

    @Test
    void anInterceptorThatFindsItNeedsStorageAfterAllHandsTheMessageToTheExecutor() {
        // Given an interceptor that said "in memory", and then finds a user went offline in between
        inbound.notInMemoryAfterAll = true;

        // When alice sends bob's resource a message
        alice.writeInbound(message(BOB_HOME, "m1"));

        // Then that interceptor runs again on the executor, once, and the message is delivered
        assertDeliveredByTheExecutor("m1");
    }

    @Test
    void aMessageHandedOnToTheExecutorCountsOnceForStreamManagement_xep0198_4() {
        // Given alice enabled stream management, and bob's outbound interceptor may block
        alice.writeInbound(new InboundFrame.Element(
                DocumentHelper.createElement(QName.get("enable", StreamManagement.NAMESPACE))));
        server.await(alice, "enabled");
        outbound.inMemory = false;

        // When she sends a message that starts on the event loop and is routed by the executor, then asks
        alice.writeInbound(message(BOB_HOME, "m1"));
        alice.writeInbound(new InboundFrame.Element(DocumentHelper.createElement(QName.get("r", StreamManagement.NAMESPACE))));

        // Then it counts once
        assertThat(inbound.seen).as("began on the event loop").containsExactly("m1");
        assertThat(server.await(alice, "a").attributeValue("h")).isEqualTo("1");
    }

    /** Nothing of the message has run yet; once the executors have, the interceptor saw it once and bob has it. */
    private void assertDeliveredByTheExecutor(String id) {
        assertThat(inbound.seen).as("seen before the executor ran").isEmpty();
        server.runUserWork();
        bob.runPendingTasks();
        assertThat(inbound.seen).containsExactly(id);
        assertThat(ids(bob)).containsExactly(id);
    }

    private static InboundFrame.Element message(String to, String id) {
        Element message = DocumentHelper.createElement(QName.get("message", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("to", to).addAttribute("type", "chat").addAttribute("id", id);
        message.addElement(QName.get("body", StreamHeader.CLIENT_NAMESPACE)).setText("hello " + id);
        return new InboundFrame.Element(message);
    }

    private static List<String> ids(EmbeddedChannel channel) {
        return EmbeddedSessions.elements(channel).stream().filter(e -> e.getName().equals("message"))
                .map(e -> e.attributeValue("id")).toList();
    }

    /** Passes every stanza on; records the messages it saw, and says what it is told about memory. */
    private static final class Recording implements StanzaInterceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();
        List<String> order = new CopyOnWriteArrayList<>();
        boolean inMemory = true;
        boolean notInMemoryAfterAll;

        @Override
        public Optional<Packet> interceptInMemory(Packet packet, Requester session) {
            if (notInMemoryAfterAll) {
                throw new NotInMemoryException("test: a user went offline meanwhile");
            }
            return intercept(packet, session);
        }

        @Override
        public Optional<Packet> intercept(Packet packet, Requester session) {
            if (packet instanceof org.xmpp.packet.Message) {
                seen.add(packet.getID());
                order.add(packet.getID());
            }
            return Optional.of(packet);
        }

        @Override
        public boolean inMemory(Packet packet, Requester session) {
            return inMemory;
        }
    }
}
