package im.parley.ext.presence;

import im.parley.config.ConfigException;

/**
 * {@code modules.presence}: at most {@code max-subscription-requests-per-minute} inbound subscription requests to one
 * user per minute, from all senders together (the rest get {@code resource-constraint}); 0 lifts the limit.
 */
public record PresenceConfig(int maxSubscriptionRequestsPerMinute) {
    public PresenceConfig {
        if (maxSubscriptionRequestsPerMinute < 0) {
            throw new ConfigException("modules.presence.max-subscription-requests-per-minute: expected 0 (no limit) "
                    + "or a positive number, got " + maxSubscriptionRequestsPerMinute);
        }
    }

    public static PresenceConfig defaults() {
        return new PresenceConfig(30);
    }
}
