package im.parley.module;

/** What a module may contribute. One namespace has one owner: a second registration fails start-up. */
public interface ModuleRegistrar {
    /** Handles IQs of authenticated users whose child element has this namespace. */
    void iq(String namespace, IqHandler handler);

    /** Handles IQs sent before authentication (e.g. XEP-0077 registration). */
    void preAuthIq(String namespace, IqHandler handler);

    /** A feature advertised in the server's XEP-0030 disco#info. */
    void discoFeature(String var);

    /** A feature the server advertises on behalf of every account, in disco#info of a bare JID (e.g. XEP-0313). */
    void accountDiscoFeature(String var);

    /** A stream feature advertised in {@code <stream:features/>}. */
    void streamFeature(StreamFeature feature);

    /** Sees every stanza a local client sends, after the server stamped its {@code from}, before routing. */
    void inbound(StanzaInterceptor interceptor);

    /** Sees every stanza just before it is written to a local client. */
    void outbound(StanzaInterceptor interceptor);

    /** Stores messages for accounts without an available resource (at most one module). */
    void offline(OfflineHandler handler);

    /** Told when sessions are bound and closed. */
    void sessions(SessionListener listener);

    /**
     * Runs before the server acknowledges a client's stanzas (XEP-0198 {@code <a/>}, {@code <resumed/>}), on the
     * client's ordered executor, once those stanzas are handled. A module that writes behind (e.g. the message
     * archive) blocks here until what it wrote for them is committed: an acknowledged stanza is never lost.
     */
    void beforeAcknowledging(Runnable barrier);

    /**
     * Run when the server stops, after the last stanza was handled and before the storage closes (e.g. to write
     * what a module still buffers). Run in the reverse order of registration.
     */
    void onShutdown(Runnable action);

    /** Server services a module may call at run time (routing, sessions, the served domain). */
    ServerServices services();
}
