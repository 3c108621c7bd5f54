/**
 * XEP-0160: Best Practices for Handling Offline Messages, with XEP-0203 delay stamps — the "transient service".
 * A chat or normal message to an account without an available resource is committed to the
 * {@link im.parley.storage.OfflineQueue} (RFC 6121 §8.5.2.2.1) and delivered, in order, to the first resource that
 * next sends available presence with a non-negative priority; the whole queue is read in one storage round trip.
 * Once handed to that session, the delivered rows are deleted behind it, many accounts' in one transaction
 * ({@code DeliveredRemovals}, docs/adr/014); a session that ends before its client acknowledged
 * them (XEP-0198) stores them again. XEP-0013 flexible retrieval is not offered.
 */
package im.parley.ext.offline;
