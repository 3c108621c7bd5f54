package im.parley.binary;

/**
 * One {@code [attributes]} line of the dictionary: an attribute name in no namespace, or {@code xml:lang}, the only
 * namespaced one (XML namespace, local name {@code lang}).
 */
record StaticAttribute(int index, String namespace, String localName) {}
