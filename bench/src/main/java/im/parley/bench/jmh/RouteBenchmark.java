package im.parley.bench.jmh;

import im.parley.iq.IqDispatcher;
import im.parley.module.Requester;
import im.parley.routing.LocalRouter;
import im.parley.session.LocalSession;
import im.parley.session.LocalSessionRegistry;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.xmpp.packet.StreamError;

/**
 * Routing a chat message between two local sessions (RFC 6121 §8.5): {@link LocalRouter} with a
 * {@link LocalSessionRegistry} holding two sessions that only count what they are given; to the full JID
 * (§8.5.3) and to the bare JID (§8.5.2, the highest-priority available resource). No interceptors, no archive.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteBenchmark {
    private LocalRouter router;
    private Requester alice;
    private CountingSession bob;
    private Message toFull;
    private Message toBare;

    @Setup
    public void bindTwoSessions() throws DocumentException {
        LocalSessionRegistry registry = new LocalSessionRegistry();
        CountingSession a = new CountingSession(new JID("load0@bench.test/gen"));
        bob = new CountingSession(new JID("load1@bench.test/gen"));
        registry.bind(a);
        registry.bind(bob);
        router = new LocalRouter(ChatTranscript.DOMAIN, registry, new IqDispatcher(Map.of()), user -> true);
        alice = new Requester(Optional.of(a.jid()), "s0", new InetSocketAddress("127.0.0.2", 40000), true);
        toFull = new Message(DocumentHelper.parseText(ChatTranscript.message(1)).getRootElement(), true);
        toFull.setFrom(a.jid());
        toBare = toFull.createCopy();
        toBare.setTo("load1@bench.test");
    }

    @TearDown
    public void check() {
        if (bob.delivered == 0) {
            throw new IllegalStateException("routing delivered nothing: the benchmark measured a no-op");
        }
    }

    @Benchmark
    public Packet routeToFullJid() {
        // the router hands the packet on; a fresh copy per message, as the decoder makes a fresh one per stanza
        Message m = toFull.createCopy();
        router.route(m, alice);
        return m;
    }

    @Benchmark
    public Packet routeToBareJid() {
        Message m = toBare.createCopy();
        router.route(m, alice);
        return m;
    }

    /** A bound, available session that counts deliveries (safe from one benchmark thread). */
    static final class CountingSession implements LocalSession {
        private final JID jid;
        long delivered;

        CountingSession(JID jid) {
            this.jid = jid;
        }

        @Override
        public JID jid() {
            return jid;
        }

        @Override
        public String streamId() {
            return "s-" + jid.getNode();
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Optional<Presence> presence() {
            return Optional.of(new Presence());
        }

        @Override
        public void deliver(Packet packet) {
            delivered++;
        }

        @Override
        public void close(StreamError.Condition condition) {
            delivered = -1;
        }
    }
}
