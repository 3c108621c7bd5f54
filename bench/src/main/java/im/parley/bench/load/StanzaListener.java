package im.parley.bench.load;

/** Receives what a ready simulated user gets, on that user's event loop: keep it short and non-blocking. */
public interface StanzaListener {
    void onStanza(ClientConnection connection, XmlElement stanza);

    default void onClosed(ClientConnection connection) {
    }

    StanzaListener IGNORE = (connection, stanza) -> { };
}
