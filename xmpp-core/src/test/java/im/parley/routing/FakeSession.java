package im.parley.routing;

import im.parley.session.LocalSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/** A bound session that records what it receives. */
record FakeSession(JID jid, boolean available, int priority, List<Packet> received, List<StreamError.Condition> closes)
        implements LocalSession {

    static FakeSession of(String fullJid, boolean available, int priority) {
        return new FakeSession(new JID(fullJid), available, priority, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    @Override
    public String streamId() {
        return jid.toFullJID();
    }

    @Override
    public java.util.Optional<org.xmpp.packet.Presence> presence() {
        return java.util.Optional.empty();
    }

    @Override
    public void deliver(Packet packet) {
        received.add(packet);
    }

    @Override
    public void close(StreamError.Condition condition) {
        closes.add(condition);
    }
}
