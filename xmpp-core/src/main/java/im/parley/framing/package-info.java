/**
 * The framing layer: the one small interface between transport and session. A wire encoding (XML today, the
 * negotiated binary encoding later) turns bytes into {@link im.parley.framing.InboundFrame}s and
 * {@link im.parley.framing.OutboundFrame}s into bytes. Everything past framing sees plain dom4j elements.
 */
package im.parley.framing;
