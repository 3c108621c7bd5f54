-- H2 only: an identity sequence persists its next value in a commit of its own whenever its cache (32 values by
-- default) runs out, and with WRITE_DELAY=0 every such commit writes an MVStore chunk carrying all pages the
-- running insert had touched: a batch of 1,000 archived messages wrote ~30 chunks. H2 hands out cached values
-- database-wide in order, so a larger cache only leaves a gap after a crash. (PostgreSQL caches per session,
-- which would break the insertion order seq stands for, and does not need it: nextval is WAL-logged, not committed.)
ALTER TABLE archive_message ALTER COLUMN seq SET CACHE 10000;
