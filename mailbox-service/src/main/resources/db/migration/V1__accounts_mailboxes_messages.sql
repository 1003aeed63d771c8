-- Mailbox service schema, version 1.
--
-- Design notes (why, not what):
--  * Every row that an API path can reach carries tenant_id, so tenant isolation can be checked in SQL
--    (and, later, enforced with row-level security or used as a shard key) without joins.
--  * Names and addresses are unique case-insensitively (lower(...)), because DNS names and, in practice,
--    mailbox local parts are compared case-insensitively by every client we serve.
--  * Idempotency of local delivery lives in its own table (deliveries), not as a unique column on messages:
--    a delivery id must stay "used" after the message is expunged, or a late Kafka redelivery would
--    resurrect a deleted message.
--  * Expunges are recorded with their MODSEQ (expunged_messages) so CONDSTORE/QRESYNC (RFC 7162 §3.2.10,
--    VANISHED) can be added later without a rewrite.
--  * ENVELOPE/BODYSTRUCTURE, quotas and aliases are later migrations that only ADD columns or tables:
--    messages has nullable slots for parsed metadata, accounts has a nullable quota.

CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_name_not_blank CHECK (length(btrim(name)) > 0)
);
CREATE UNIQUE INDEX tenants_name_key ON tenants (lower(name));

CREATE TABLE domains (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- lets accounts reference (domain, tenant) together, so an account can never point at another tenant's domain
    CONSTRAINT domains_id_tenant_key UNIQUE (id, tenant_id)
);
-- a domain belongs to exactly one tenant across the whole platform: MX routing depends on it
CREATE UNIQUE INDEX domains_name_key ON domains (lower(name));
CREATE INDEX domains_tenant_idx ON domains (tenant_id, lower(name));

CREATE TABLE accounts (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    domain_id      uuid        NOT NULL,
    address        text        NOT NULL,
    password_hash  text        NOT NULL,
    status         text        NOT NULL DEFAULT 'active',
    quota_bytes    bigint,                                   -- NULL = unlimited; enforced by a later issue
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_status_check CHECK (status IN ('active', 'suspended')),
    CONSTRAINT accounts_domain_same_tenant FOREIGN KEY (domain_id, tenant_id) REFERENCES domains (id, tenant_id)
);
CREATE UNIQUE INDEX accounts_address_key ON accounts (lower(address));
CREATE INDEX accounts_tenant_idx ON accounts (tenant_id, lower(address));

CREATE TABLE mailboxes (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    name            text        NOT NULL,
    -- RFC 9051 §2.3.1.1: UIDVALIDITY and UIDs are non-zero unsigned 32-bit values
    uid_validity    bigint      NOT NULL CHECK (uid_validity BETWEEN 1 AND 4294967295),
    uid_next        bigint      NOT NULL DEFAULT 1 CHECK (uid_next BETWEEN 1 AND 4294967296),
    -- RFC 7162 §3.1.1: mod-sequences are positive 63-bit values
    highest_modseq  bigint      NOT NULL DEFAULT 1 CHECK (highest_modseq >= 1),
    message_count   integer     NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    unseen_count    integer     NOT NULL DEFAULT 0 CHECK (unseen_count >= 0),
    total_size      bigint      NOT NULL DEFAULT 0 CHECK (total_size >= 0),   -- for quotas (RFC 9208)
    subscribed      boolean     NOT NULL DEFAULT true,
    special_use     text,                                                     -- RFC 6154 attribute, e.g. \Sent
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mailboxes_account_name_key UNIQUE (account_id, name)
);
CREATE INDEX mailboxes_tenant_idx ON mailboxes (tenant_id);

CREATE TABLE messages (
    mailbox_id     uuid        NOT NULL REFERENCES mailboxes (id),
    uid            bigint      NOT NULL CHECK (uid BETWEEN 1 AND 4294967295),
    tenant_id      uuid        NOT NULL,
    account_id     uuid        NOT NULL,
    modseq         bigint      NOT NULL CHECK (modseq >= 1),
    size           bigint      NOT NULL CHECK (size >= 0),
    internal_date  timestamptz NOT NULL,
    -- system flags as booleans so unseen/deleted counts are cheap partial-index scans; keywords as an array
    seen           boolean     NOT NULL DEFAULT false,
    answered       boolean     NOT NULL DEFAULT false,
    flagged        boolean     NOT NULL DEFAULT false,
    deleted        boolean     NOT NULL DEFAULT false,
    draft          boolean     NOT NULL DEFAULT false,
    keywords       text[]      NOT NULL DEFAULT '{}',
    blob_key       text        NOT NULL,
    delivery_id    text,                                   -- NULL for APPENDed messages
    message_id     text,                                   -- the RFC 5322 Message-ID / gateway id, for tracing
    -- parsed once at delivery by a later issue (RFC 9051 §7.5.2 ENVELOPE / BODYSTRUCTURE)
    envelope       jsonb,
    bodystructure  jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX messages_modseq_idx ON messages (mailbox_id, modseq);
CREATE INDEX messages_unseen_idx ON messages (mailbox_id, uid) WHERE NOT seen;

CREATE TABLE deliveries (
    account_id    uuid        NOT NULL REFERENCES accounts (id),
    delivery_id   text        NOT NULL,
    mailbox_id    uuid        NOT NULL,
    uid           bigint      NOT NULL,
    delivered_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, delivery_id)
);

CREATE TABLE expunged_messages (
    mailbox_id   uuid        NOT NULL REFERENCES mailboxes (id),
    uid          bigint      NOT NULL,
    modseq       bigint      NOT NULL,
    expunged_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX expunged_messages_modseq_idx ON expunged_messages (mailbox_id, modseq);
