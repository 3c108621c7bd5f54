/**
 * RFC 6120 client sessions: the per-connection negotiation state machine (§4–§7: stream, STARTTLS, SASL,
 * resource binding) and the registry of bound sessions.
 */
package im.parley.session;
