/** RFC 6120 §4: XML streams — headers, features, negotiation state and stream errors. */
package im.parley.stream;
