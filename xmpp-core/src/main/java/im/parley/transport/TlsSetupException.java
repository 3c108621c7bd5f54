package im.parley.transport;

/** TLS cannot be set up: a certificate or key that cannot be read, generated or used. Fails start-up. */
public class TlsSetupException extends RuntimeException {
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
