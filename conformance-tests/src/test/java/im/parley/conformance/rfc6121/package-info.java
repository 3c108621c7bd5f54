/**
 * RFC 6121 (XMPP IM): delivery rules of §8 for messages and IQs between local users; roster, subscription and
 * presence tests join here as those features land.
 */
package im.parley.conformance.rfc6121;
