package im.parley.binary;

/** One {@code [qnames]} line of the dictionary: token {@code token} (from 1) stands for this name and default kind. */
record StaticQName(int token, String namespace, String localName, ContentKind kind) {}
