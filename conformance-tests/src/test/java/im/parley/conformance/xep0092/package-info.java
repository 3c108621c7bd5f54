/** XEP-0092 (Software Version) as answered by the server itself. */
package im.parley.conformance.xep0092;
