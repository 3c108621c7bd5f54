/**
 * RFC 6120 §6: SASL negotiation for client streams — SCRAM-SHA-1/-256/-512 and their -PLUS variants
 * (RFC 5802, RFC 7677, channel binding per RFC 5056, RFC 5929 and RFC 9266), PLAIN (RFC 4616) inside TLS only,
 * XEP-0440 channel-binding advertisement, and throttling of failed attempts.
 *
 * <p>The session asks {@link im.parley.sasl.SaslMechanisms} what to offer, starts a
 * {@link im.parley.sasl.SaslExchange} for the mechanism the client picked, and feeds it the decoded payloads of
 * {@code <auth/>} and {@code <response/>} until it returns a {@link im.parley.sasl.SaslStep.Success} or
 * {@link im.parley.sasl.SaslStep.Failure}. Exchanges may block on storage: call them off the event loop.
 * Passwords are never stored; only SCRAM salted keys ({@link im.parley.sasl.ScramCredentials}).
 */
package im.parley.sasl;
