package im.parley.module;

/**
 * Thrown by {@link StanzaInterceptor#interceptInMemory} when, between its {@code inMemory} answer and now, what it
 * needs left memory (a user went offline, a preference changed): it would have to read storage. Thrown before the
 * interceptor has done anything, so the stanza's handling goes on from that interceptor on the user's ordered
 * executor (ADR 015). Carries no stack trace: it is an expected, rare turn, not a fault.
 */
public final class NotInMemoryException extends RuntimeException {
    public NotInMemoryException(String what) {
        super(what, null, false, false);
    }
}
