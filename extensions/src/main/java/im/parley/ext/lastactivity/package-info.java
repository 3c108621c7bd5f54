/**
 * XEP-0012: Last Activity. The server answers {@code jabber:iq:last} for itself with its uptime (§5) and, on behalf of
 * an account, with the seconds since its last resource logged out and the status text of its last unavailable
 * presence (§3), recorded in the {@link im.parley.storage.LastActivityStore} when the account's last session ends.
 * Only the account itself and contacts subscribed to its presence may ask (§3, §8); queries to a full JID are the
 * client's to answer and never reach this module.
 */
package im.parley.ext.lastactivity;
