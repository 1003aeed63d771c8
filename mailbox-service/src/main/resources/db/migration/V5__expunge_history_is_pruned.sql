-- Every EXPUNGE leaves a tombstone per message (expunged_messages) so that QRESYNC clients learn what vanished since
-- their last MODSEQ (RFC 7162). Kept for ever they would grow with every message a user ever deleted; the history
-- pruner deletes those older than mail.mailbox.history.retention and records here, per mailbox, the highest MODSEQ it
-- pruned. A client asking for changes since a MODSEQ at or below it gets every UID the mailbox no longer has as
-- vanished (a superset, which RFC 7162 allows a server without the full history to send).
ALTER TABLE mailboxes ADD COLUMN expunges_pruned_through bigint NOT NULL DEFAULT 0;

-- The pruner finds old tombstones by time. Tombstones are appended in time order, so a BRIN index (a few pages,
-- nearly free to keep up on EXPUNGE) narrows the scan to the table's oldest ranges.
CREATE INDEX expunged_messages_expunged_at_idx ON expunged_messages USING brin (expunged_at);

-- Delivery claims make a redelivered Kafka record a no-op. Once its offset is committed a record does not come back,
-- so claims older than the retention go too, by the same pruner.
CREATE INDEX deliveries_delivered_at_idx ON deliveries USING brin (delivered_at);
