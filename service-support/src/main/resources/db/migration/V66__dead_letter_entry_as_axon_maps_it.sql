-- The query side's projections dead-letter a failing event into dead_letter_entry (V1) through Axon's
-- JpaSequencedDeadLetterQueue (docs/decisions/0052-dead-letters.md). Two things V1 did not match:
-- * The entity's enqueued_at, last_touched and processing_started are java.time.Instant, which Hibernate 6 binds
--   as TIMESTAMP WITH TIME ZONE. Into a plain TIMESTAMP, PostgreSQL converts with the session's time zone (the
--   JVM's), so on a server not running in UTC every value was shifted, and the 30-second claim of a letter being
--   retried was compared across zones.
-- * The entity declares one letter per (processing group, sequence, index): two writers can never give a client's
--   waiting events the same place in its sequence. It covers the lookup by group and sequence that V1 indexed.
ALTER TABLE dead_letter_entry ALTER COLUMN enqueued_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letter_entry ALTER COLUMN last_touched SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letter_entry ALTER COLUMN processing_started SET DATA TYPE TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX uk_dead_letter_sequence_index
    ON dead_letter_entry (processing_group, sequence_identifier, sequence_index);
DROP INDEX ix_dead_letter_group_sequence;
