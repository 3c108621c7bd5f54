package im.parley.module;

import org.xmpp.packet.JID;

/** Told about resource bindings and session ends (for last activity, presence cleanup, idle pings…). */
public interface SessionListener {
    default void bound(JID fullJid) {}

    default void closed(JID fullJid) {}
}
