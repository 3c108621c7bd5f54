-- PostgreSQL only: rows of the offline queue and of the pre-key pool live briefly. Vacuum them long before the
-- default 20 % of dead rows so the drain and claim index scans stay short.
ALTER TABLE offline_message SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
ALTER TABLE e2ee_pre_key SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
