-- What a completed run did (issue 15): its kind, the rows it inserted, updated and deleted (NULL
-- where the run did not count them, and in rows recorded before these columns), and the outcomes of
-- the data tests run on its batch, as a JSON array of {"test", "severity", "passed",
-- "failing_rows"} (NULL before these columns; read as no tests). Flyway adds the columns to an
-- existing database at startup; older rows keep NULL.
ALTER TABLE run_history ADD COLUMN run_kind      VARCHAR(32);
ALTER TABLE run_history ADD COLUMN rows_inserted BIGINT;
ALTER TABLE run_history ADD COLUMN rows_updated  BIGINT;
ALTER TABLE run_history ADD COLUMN rows_deleted  BIGINT;
ALTER TABLE run_history ADD COLUMN tests         TEXT;
