package im.parley.module;

/** One XEP or one Parley extension. Its dependencies arrive through its constructor. */
public interface XmppModule {
    /** Stable identifier, also the configuration key {@code modules.<id>}. */
    String id();

    /** Called once at start-up: declares IQ handlers, features, interceptors and listeners. */
    void register(ModuleRegistrar registrar);
}
