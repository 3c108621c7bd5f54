/**
 * XEP-0049: Private XML Storage. Each child of a {@code jabber:iq:private} query is kept under its element name
 * and namespace for the requester's own account only; reserved namespaces ({@code jabber:*},
 * {@code http://jabber.org/*}, {@code vcard-temp}) are refused with {@code not-acceptable}, as §2.3 allows.
 */
package im.parley.ext.privatexml;
