-- Mailbox service schema, version 2: the complete store.
--
-- Design notes (why, not what):
--  * Parsed MIME metadata lives in blobs, keyed by (tenant, blob key): blob keys are content addresses, so a message
--    delivered to many recipients of one tenant is parsed and indexed once, and the reference count that drives the
--    garbage collector sits in the same row that every message insert/delete already touches. The row is per tenant
--    on purpose: nothing a tenant can observe (counts, timing of a first parse) depends on another tenant's mail.
--  * The S3 object behind a key may be shared by tenants (same bytes, same key): the collector deletes the object only
--    when no tenant has a row for the key, under an advisory lock on the key that every first reference also takes.
--  * Body text for SEARCH BODY/TEXT is stored capped, with a trigram index, because IMAP SEARCH is a substring match
--    (RFC 9051 §6.4.4), which full-text word stemming cannot answer but pg_trgm can, with an index, via ILIKE.
--  * Quota usage is never stored twice: an account's usage is the sum over its handful of mailbox rows, a tenant's
--    the sum over its mailbox rows (an index scan), both only computed when a limit is set.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE accounts ADD COLUMN quota_messages bigint;
ALTER TABLE tenants ADD COLUMN quota_bytes bigint;
ALTER TABLE tenants ADD COLUMN quota_messages bigint;

-- an optional catch-all per domain: an account of the same tenant that receives mail for unknown local parts
ALTER TABLE domains ADD COLUMN catch_all_account_id uuid REFERENCES accounts (id);

CREATE TABLE aliases (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    domain_id   uuid        NOT NULL,
    address     text        NOT NULL,
    -- the accounts it delivers to (same tenant, checked on insert)
    account_ids uuid[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT aliases_domain_same_tenant FOREIGN KEY (domain_id, tenant_id) REFERENCES domains (id, tenant_id)
);
CREATE UNIQUE INDEX aliases_address_key ON aliases (lower(address));
CREATE INDEX aliases_tenant_idx ON aliases (tenant_id, lower(address));

CREATE TABLE blobs (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    blob_key         text        NOT NULL,
    refcount         integer     NOT NULL DEFAULT 0 CHECK (refcount >= 0),
    -- when refcount last reached 0: the collector waits a grace period after it
    zero_since       timestamptz,
    size             bigint      NOT NULL,
    parse_status     text        NOT NULL,            -- ok | degraded | missing
    envelope         jsonb,
    bodystructure    jsonb,
    thread_id        text,
    sent_at          timestamptz,
    sent_date        date,                            -- the Date header's day in its own zone (RFC 9051 SENTON)
    hdr_from         text,
    hdr_to           text,
    hdr_cc           text,
    hdr_bcc          text,
    hdr_subject      text,
    base_subject     text,                            -- RFC 5256 §2.1, for SORT SUBJECT / THREAD ORDEREDSUBJECT
    sort_from        text,                            -- RFC 5256: first mailbox's local part, lower-cased
    sort_to          text,
    sort_cc          text,
    hdr_message_id   text,
    hdr_in_reply_to  text,
    hdr_references   text,
    header_text      text,                            -- unfolded, decoded header block (capped), for HEADER/TEXT
    body_text        text,                            -- decoded text parts (capped), for BODY/TEXT
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, blob_key)
);
CREATE INDEX blobs_collectable_idx ON blobs (zero_since) WHERE refcount = 0;
CREATE INDEX blobs_key_idx ON blobs (blob_key);
CREATE INDEX blobs_body_trgm_idx ON blobs USING gin (body_text gin_trgm_ops);

ALTER TABLE messages ADD COLUMN thread_id text;
CREATE INDEX messages_deleted_idx ON messages (mailbox_id, uid) WHERE deleted;

CREATE TABLE pop3_leases (
    account_id  uuid        PRIMARY KEY REFERENCES accounts (id),
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE TABLE dkim_keys (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    domain_id        uuid        NOT NULL,
    selector         text        NOT NULL,
    algorithm        text        NOT NULL CHECK (algorithm IN ('rsa-sha256', 'ed25519-sha256')),
    public_key       text        NOT NULL,            -- base64 of the DNS p= value
    -- PKCS#8 PEM, AES-GCM encrypted with mail.mailbox.dkim.master-key when configured ("enc:v1:<base64>")
    private_key      text        NOT NULL,
    active           boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dkim_keys_domain_same_tenant FOREIGN KEY (domain_id, tenant_id) REFERENCES domains (id, tenant_id)
);
CREATE UNIQUE INDEX dkim_keys_active_key ON dkim_keys (domain_id) WHERE active;
