/**
 * XEP-0054: vcard-temp. A user stores their own vCard and anyone on the server may read it (§3.1, §3.2); the server
 * answers on the account's behalf (RFC 6121 §8.5.2.1.3). A vCard is kept whole, as XML text, up to
 * {@code modules.vcard.max-bytes}.
 */
package im.parley.ext.vcard;
