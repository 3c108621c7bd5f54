/**
 * Test fixtures for storage, exported in the storage test-jar: a throw-away PostgreSQL cluster for tests of
 * any module that need a real database.
 */
package im.parley.storage.testing;
