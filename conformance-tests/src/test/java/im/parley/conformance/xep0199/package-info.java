/** XEP-0199 (XMPP Ping): client-to-server pings, and the server's pings of idle clients. */
package im.parley.conformance.xep0199;
