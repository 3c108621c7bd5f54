/** XEP-0054 (vcard-temp): storing one's own vCard and reading anyone's. */
package im.parley.conformance.xep0054;
