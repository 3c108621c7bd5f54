/**
 * XEP-0280: Message Carbons. A resource turns carbons on or off for itself ({@code urn:xmpp:carbons:2}); the
 * server then copies every eligible message its user sends ({@code <sent/>}) or receives ({@code <received/>}) to
 * the user's other carbons-enabled resources, each copy wrapped in a XEP-0297 {@code <forwarded/>}. Both ends of a
 * local conversation are on this server, so one inbound interceptor on the sender's executor computes both sets
 * before routing; the {@code <private/>} element (§9) opts a single message out.
 */
package im.parley.ext.carbons;
