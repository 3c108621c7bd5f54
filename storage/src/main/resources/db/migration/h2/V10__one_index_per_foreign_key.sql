-- H2 only: a foreign key declared before the index that could serve it gets an index of its own, and H2 appends the
-- row key (here the BIGINT id) to every secondary index entry, so the foreign key's index on
-- offline_message (username) already is (username, id). offline_message_by_user was a third B-tree per queued
-- stanza, written at every store and again at every delivery; the drain now reads that foreign key's index.
-- PostgreSQL never indexes a foreign key by itself: there offline_message_by_user is the only index on username.
-- (The archive's foreign key has an index of its own too. Dropped and added again, H2 2.3.232 gave it a new one rather
-- than reuse archive_message_by_owner (owner_id, seq), so it stays.)
DROP INDEX offline_message_by_user;
