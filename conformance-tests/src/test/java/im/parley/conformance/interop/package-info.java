/**
 * Interoperability with a non-Java client: slixmpp (Debian's python3-slixmpp) registers, logs in over TLS with SCRAM
 * and exercises RFC 6121 roster, subscription, presence and messages, XEP-0160 offline messages and XEP-0199 ping.
 */
package im.parley.conformance.interop;
