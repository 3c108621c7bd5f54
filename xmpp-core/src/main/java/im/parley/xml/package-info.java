/**
 * RFC 6120 §4 and §11: the XML wire encoding of an XMPP stream. Bytes are parsed incrementally by Aalto's
 * non-blocking parser straight into dom4j elements ({@link im.parley.xml.XmlStreamDecoder}); outbound frames are
 * serialised straight into a {@code ByteBuf} ({@link im.parley.xml.XmlFrameEncoder}). Restricted XML
 * (RFC 6120 §11.1) is rejected, never expanded.
 */
package im.parley.xml;
