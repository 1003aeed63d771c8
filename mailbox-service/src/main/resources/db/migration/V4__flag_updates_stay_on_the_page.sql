-- A STORE changes a message's flags and MODSEQ and nothing else. PostgreSQL can then keep the new row version on the
-- same page without touching any index (a HOT update), but only when no index covers a changed column, in its key or
-- in its predicate. These two did, so every flag change wrote a new entry into each index whose predicate the row
-- matched (up to four), and as many for VACUUM to remove later.
--
-- messages_modseq_idx served CHANGEDSINCE / QRESYNC, which read one mailbox's rows: that is now a scan of the mailbox
-- by the primary key, of the same order as the listing every SELECT already reads. messages_unseen_idx served no
-- query (the unseen count is kept in the mailbox row; SEARCH UNSEEN filters the mailbox's rows).
-- messages_deleted_idx stays: EXPUNGE finds the \Deleted messages of a large mailbox through it, and only a STORE of
-- \Deleted itself pays for it.
DROP INDEX IF EXISTS messages_modseq_idx;
DROP INDEX IF EXISTS messages_unseen_idx;

-- Room on each page for the new versions of its rows (pages written from now on; the old ones gain it as
-- expunges and VACUUM free them).
ALTER TABLE messages SET (fillfactor = 80);
