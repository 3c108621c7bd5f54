package im.parley.dist;

import im.parley.config.ListenerConfig;
import im.parley.config.ServerConfig;
import im.parley.server.XmppServer;

/**
 * The start-up message: which ports listen where, where the data is, whether anyone may register, and how to
 * connect a first client. The "listening on" lines are also what scripts and tests wait for.
 */
final class StartupBanner {
    private StartupBanner() {
    }

    static String text(ParleyConfig config, XmppServer.BoundPorts ports, String version) {
        ServerConfig server = config.server();
        String domain = server.domain();
        StringBuilder out = new StringBuilder();
        out.append("Parley ").append(version).append(" serves ").append(domain).append('\n');
        listener(out, server.listeners().c2s(), ports.c2s(), "client connections, STARTTLS");
        listener(out, server.listeners().c2sDirectTls(), ports.c2sDirectTls(), "client connections, direct TLS");
        out.append("  data directory ").append(server.dataDirectory().toAbsolutePath().normalize())
                .append("  (database ").append(config.storage().url()).append(")\n");
        out.append("  certificate    ").append(server.tls().certificateFile()
                .map(file -> file.toString())
                .orElse("self-signed for " + domain + ", kept in the data directory: clients must accept it")).append('\n');
        boolean open = Registration.open(config.modules());
        out.append("  registration   ").append(open
                ? "open: any client can create an account in-band (XEP-0077)"
                : "closed (modules.register)").append('\n');
        int port = ports.c2s();
        String portArg = port == 5222 ? "" : " port " + port;
        out.append("Connect with Profanity (\"tls trust\" accepts the self-signed certificate):\n");
        if (open) {
            out.append("  /register alice ").append(domain).append(portArg).append(" tls trust\n");
        }
        out.append("  /connect alice@").append(domain).append(portArg).append(" tls trust\n");
        out.append("or with slixmpp: examples/slixmpp-hello.py in the distribution (it accepts the certificate).\n");
        out.append("Ctrl-C or SIGTERM stops the server.");
        return out.toString();
    }

    private static void listener(StringBuilder out, ListenerConfig listener, int boundPort, String what) {
        if (listener.enabled()) {
            out.append("  listening on ").append(listener.address()).append(':').append(boundPort)
                    .append(" (").append(what).append(")\n");
        }
    }
}
