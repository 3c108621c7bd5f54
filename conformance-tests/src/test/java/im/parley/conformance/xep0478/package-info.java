/** XEP-0478: Stream Limits Advertisement — the limits a stream enforces, told in its features. */
package im.parley.conformance.xep0478;
