-- SEARCH BODY/TEXT match coalesce(body_text, '') ILIKE '%...%' inside one mailbox: the planner narrows by mailbox
-- first and never used this tenant-wide trigram index, while every first delivery of a body paid for its GIN entries
-- (about a tenth of the delivery cost in deploy/bench/mailbox).
DROP INDEX IF EXISTS blobs_body_trgm_idx;
