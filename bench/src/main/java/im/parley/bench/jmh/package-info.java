/**
 * JMH micro-benchmarks of the hot path of one message (RFC 6120 §4 XML stream, RFC 6121 §8 routing): bytes → packet
 * ({@link im.parley.bench.jmh.DecodeBenchmark}), packet → bytes ({@link im.parley.bench.jmh.EncodeBenchmark}), and
 * routing between two local sessions ({@link im.parley.bench.jmh.RouteBenchmark}). Run with {@code bench/jmh.sh}.
 */
package im.parley.bench.jmh;
