/**
 * Flow control of client connections: when a connection is read ({@link im.parley.flow.ReadGate}, one place for
 * every reason to pause), and the per-connection inbound byte rate ({@link im.parley.flow.InboundShaper}, a
 * {@link im.parley.flow.TokenBucket} per connection) that keeps one noisy client from taking the server's time
 * from everyone else.
 */
package im.parley.flow;
