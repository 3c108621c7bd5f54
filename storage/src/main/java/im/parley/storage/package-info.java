/**
 * The storage SPI: one small interface per concern, rows as records, no {@code null}
 * ({@link java.util.Optional} instead), failures as the unchecked {@link im.parley.storage.StorageException}.
 * The server core receives a single {@link im.parley.storage.Storage} and nothing else from this module.
 */
package im.parley.storage;
