/**
 * RFC 6121 §2: roster management. {@link im.parley.ext.roster.RosterModule} answers {@code jabber:iq:roster}
 * gets, sets and removes, validates items (§2.3.3), versions the roster (§2.6) and pushes every change to the
 * interested resources (§2.1.6); {@link im.parley.ext.roster.Rosters} keeps the roster of an online user in memory,
 * read once per login, and is shared with the presence module.
 */
package im.parley.ext.roster;
