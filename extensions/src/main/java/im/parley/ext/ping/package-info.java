/**
 * XEP-0199: XMPP Ping, the server's answer to pings addressed to it (§4.2). Pings between clients are routed by
 * the core like any IQ, and the server's own pings of idle clients (§4.1) are sent by the core's session layer.
 */
package im.parley.ext.ping;
