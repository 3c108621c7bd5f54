package im.parley.module;

import java.util.Optional;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/** What modules may know of a bound session: its JID and its last presence without 'to' (a copy). */
public record SessionView(JID jid, boolean available, int priority, Optional<Presence> presence) {}
