package im.parley.module;

import org.xmpp.packet.IQ;

/**
 * Answers one IQ. Runs on the requester's ordered executor, never on an event loop, so it may block on storage.
 * Returns the reply (a result or an error); throws {@link StanzaErrorException} to answer with an error.
 */
@FunctionalInterface
public interface IqHandler {
    IQ handle(IQ request, Requester requester);
}
