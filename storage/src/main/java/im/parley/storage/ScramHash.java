package im.parley.storage;

/** The hash functions SCRAM credentials are kept for (RFC 5802, RFC 7677, draft SCRAM-SHA-512). */
public enum ScramHash {
    SHA_1("SHA-1", "HmacSHA1", 20),
    SHA_256("SHA-256", "HmacSHA256", 32),
    SHA_512("SHA-512", "HmacSHA512", 64);

    private final String digestName;
    private final String hmacName;
    private final int length;

    ScramHash(String digestName, String hmacName, int length) {
        this.digestName = digestName;
        this.hmacName = hmacName;
        this.length = length;
    }

    /** JCA name of the digest, also the suffix of the SASL mechanism name ("SCRAM-" + this). */
    public String digestName() { return digestName; }

    public String hmacName() { return hmacName; }

    /** Output length in bytes. */
    public int length() { return length; }
}
