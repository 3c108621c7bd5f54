/**
 * A load generator for XMPP servers (RFC 6120 streams, RFC 6121 messaging and presence), written to drive any
 * server, not only Parley: event-driven on Netty (thousands of simulated users per event loop), STARTTLS or direct
 * TLS (XEP-0368), SASL SCRAM (RFC 5802/7677) or PLAIN, in-band registration (XEP-0077) for provisioning, and the
 * scenarios of issue 8 (chat with XEP-0184 receipts, idle sessions, offline burst, presence storm) plus a plain TCP
 * relay as the machine's ceiling. Entry point: {@link im.parley.bench.load.LoadMain}.
 */
package im.parley.bench.load;
