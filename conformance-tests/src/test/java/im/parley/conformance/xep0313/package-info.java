/** XEP-0313 (Message Archive Management) of a user's own archive, with XEP-0359 stanza ids and XEP-0059 paging. */
package im.parley.conformance.xep0313;
