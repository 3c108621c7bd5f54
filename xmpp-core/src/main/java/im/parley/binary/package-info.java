/**
 * The negotiated binary stanza encoding {@code urn:parley:binary:1} (docs/binary-encoding.md): a lossless, 1:1
 * token form of the XML infoset, offered after authentication to clients that ask for it. {@link
 * im.parley.binary.BinaryEncoder} and {@link im.parley.binary.BinaryDecoder} turn one first-level element into one
 * frame body and back with a versioned static dictionary, per-session tokens and a per-direction table of whole values
 * partitioned by origin (no compression oracle); {@link im.parley.binary.BinaryEncoding} offers the feature and swaps
 * the channel's framing. Everything past framing sees the same dom4j elements as with XML.
 */
package im.parley.binary;
