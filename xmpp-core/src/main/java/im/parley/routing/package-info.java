/**
 * RFC 6121 §8: routing stanzas between local sessions, the server and (later) other servers, and the per-user
 * ordered executors that keep each user's work in order off the event loops (RFC 6120 §10.1).
 */
package im.parley.routing;
