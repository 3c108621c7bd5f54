/**
 * The server's lifecycle and wiring of the core. The way a stanza travels:
 * <pre>
 *  client bytes
 *    │  (TLS: SslHandler, at STARTTLS or from the first byte on direct TLS)
 *    ▼
 *  framing decoder ── XML (Aalto async → dom4j) or a negotiated binary codec ──▶ InboundFrame
 *    ▼
 *  ClientSession (event loop): stream header, features, STARTTLS, SASL, bind; stamps 'from'
 *    │  hand-off, in order per user
 *    ▼
 *  UserExecutors (virtual threads): inbound interceptors → Router (RFC 6121 §8)
 *    │                                          ├─▶ IqDispatcher → module IQ handlers → reply routed back
 *    ▼                                          └─▶ (later) offline queue, archive, carbons
 *  LocalSession#deliver of the target: outbound interceptors → write; one flush per batch
 *    ▼
 *  framing encoder of the target's session ──▶ bytes
 * </pre>
 */
package im.parley.server;
