/**
 * Issue 4, "No data lost": what the server has acknowledged (XEP-0198 §4, committed offline storage XEP-0160,
 * archive XEP-0313) survives a SIGKILL, and a database that goes away yields stanza errors (RFC 6120 §8.3.3.5
 * internal-server-error, or a wait-type error), not silence, with recovery once it is back.
 */
package im.parley.conformance.durability;
