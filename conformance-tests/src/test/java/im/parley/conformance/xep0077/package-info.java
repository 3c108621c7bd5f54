/** XEP-0077 (In-Band Registration): creating accounts, changing passwords and removing accounts over XMPP. */
package im.parley.conformance.xep0077;
