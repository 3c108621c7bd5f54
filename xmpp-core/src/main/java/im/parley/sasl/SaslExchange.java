package im.parley.sasl;

import java.util.Optional;

/**
 * One authentication attempt. Not thread-safe: evaluate steps one after another. May block on storage, so it is
 * called off the event loop.
 */
public interface SaslExchange {
    /**
     * Evaluates the client's data: the decoded initial response of {@code <auth/>} (an empty array when the client
     * sent none, RFC 6120 §6.4.2) or of a {@code <response/>}. After a Success or Failure, every further call fails.
     */
    SaslStep evaluate(byte[] clientData);

    /** The prepared username the client claims, once a step has revealed it (for throttling and logging). */
    Optional<String> username();

    /**
     * Whether the last failure came from checking the password (a wrong proof or password, or an unknown account).
     * Only those count towards the failure throttle; protocol mismatches do not.
     */
    default boolean credentialsRejected() {
        return false;
    }

    /**
     * Whether the last failure was a -PLUS attempt with a channel-binding type this connection does not offer: the
     * client has then seen our -PLUS mechanisms, so a following 'y' flag is no sign of a stripped mechanism list.
     */
    default boolean channelBindingTypeUnsupported() {
        return false;
    }
}
