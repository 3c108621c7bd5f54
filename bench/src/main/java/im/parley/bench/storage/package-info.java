/**
 * Storage benchmark: offline queue store and drain, archive paging over a million rows, and concurrent
 * pre-key claims, on H2 and PostgreSQL. A harness that prints figures, not a timed test.
 */
package im.parley.bench.storage;
