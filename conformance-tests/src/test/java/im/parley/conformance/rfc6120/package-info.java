/**
 * RFC 6120 (XMPP Core): streams, STARTTLS, SASL, resource binding, stream errors and abuse of the stream, one test
 * class per concern, each test named after the section and the MUST it checks.
 */
package im.parley.conformance.rfc6120;
