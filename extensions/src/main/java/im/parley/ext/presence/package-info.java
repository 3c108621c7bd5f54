/**
 * RFC 6121 §3 and §4: presence subscriptions and presence. {@link im.parley.ext.presence.SubscriptionStates} is the
 * subscription state machine of RFC 6121 Appendix A; {@link im.parley.ext.presence.PresenceModule} applies it on both
 * sides of a subscription, keeps unanswered requests for offline users (§3.1.3), broadcasts initial, updated and
 * unavailable presence (§4.2, §4.4, §4.5, also when a connection dies), answers probes from what the server knows
 * (§4.3) and cleans up directed presence (§4.6).
 */
package im.parley.ext.presence;
