/**
 * XEP-0313: Message Archive Management, for each user's own archive ({@code urn:xmpp:mam:2}), with XEP-0359 stanza
 * ids on archived messages, XEP-0059 paging and the XEP-0441 archiving preferences.
 *
 * <p>{@link im.parley.ext.mam.MessageArchiver} archives chat and normal messages with a body between local users,
 * once in the sender's archive and once in the recipient's, on the sender's ordered executor before routing.
 * {@link im.parley.ext.mam.ArchiveQueryInterceptor} answers queries of the user's own archive: the result messages
 * must reach the client before the IQ result (XEP-0313 §4), and an {@link im.parley.module.IqHandler} can only return
 * its reply, which the router delivers before anything routed meanwhile; so the query is taken off the inbound path
 * and the results and the {@code <fin/>} are routed in order, on the user's executor. Form discovery, preferences and
 * queries of another entity's archive go through {@link im.parley.ext.mam.MamIqHandler}.
 *
 * <p>Limits: preferences are kept in memory per user ({@link im.parley.ext.mam.ArchivePreferences}), because the
 * storage SPI has no table for them yet, so they fall back to {@code modules.mam.default-mode} after a restart. The
 * {@code before-id}/{@code after-id} fields, flipped pages and the metadata query ({@code #extended}) need exclusive id
 * bounds in {@link im.parley.storage.ArchiveQuery}; they are answered with {@code feature-not-implemented} and
 * {@code urn:xmpp:mam:2#extended} is not advertised. The {@code ids} field is supported.
 */
package im.parley.ext.mam;
