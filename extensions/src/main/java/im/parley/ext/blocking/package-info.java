/**
 * XEP-0191: Blocking Command. The block list is kept in storage and, for users with a live session, in memory:
 * loaded once when a resource binds, updated on block and unblock, dropped when the last resource ends, so
 * enforcing it costs no storage round trip per stanza. Stanzas a user sends to a JID they block come back with
 * {@code not-acceptable} and {@code <blocked xmlns='urn:xmpp:blocking:errors'/>} (§3.5); stanzas from a blocked JID
 * are treated as if the user were offline without a queue (§3.3): presence is dropped, messages and IQ get/set get
 * {@code service-unavailable}. JIDs match as in XEP-0016 §2.1 (full JID, bare JID, domain/resource, domain).
 */
package im.parley.ext.blocking;
