-- How many segments of the processor the instance held at its last refresh (SegmentBalancer;
-- docs/decisions/0057-a-dead-query-side-is-taken-over-once.md): an instance releases a segment only to another
-- that refreshed recently and holds fewer than its fair share, so never to one that died.
ALTER TABLE processor_node ADD COLUMN segments_held INTEGER DEFAULT 0 NOT NULL;
