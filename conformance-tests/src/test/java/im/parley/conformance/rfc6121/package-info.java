/**
 * RFC 6121 (XMPP IM): delivery rules of §8 for messages between local users; roster, subscription and presence
 * tests join here as those features land.
 */
package im.parley.conformance.rfc6121;
