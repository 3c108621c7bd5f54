/** RFC 6120 §8.2.3: IQ semantics — each get/set is answered exactly once, by the handler owning its payload namespace. */
package im.parley.iq;
