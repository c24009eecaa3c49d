-- Mailboxes and email (docs/email-api.md). A mailbox's settings are a configuration object of kind 'mailbox'
-- (config_object, versioned, with configuration events); its secrets and its connection status live here, apart,
-- so that neither ever reaches a configuration event. Every table cascades from the tenant.

-- One row per secret of a mailbox, AES-GCM encrypted: the nonce is random per value, the associated data binds
-- the ciphertext to its tenant, mailbox, part and name (a copied row does not decrypt elsewhere), and key_id names
-- the key it was sealed with, so that a new key can be rolled in while the old one still opens older rows.
CREATE TABLE mailbox_secret (
    tenant_id  varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    mailbox_id varchar(64) NOT NULL,
    part       text        NOT NULL CHECK (part IN ('inbound', 'outbound')),
    name       text        NOT NULL CHECK (name IN ('password', 'clientSecret', 'refreshToken', 'serviceAccountKey')),
    key_id     text        NOT NULL,
    nonce      bytea       NOT NULL CHECK (length(nonce) = 12),
    ciphertext bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, mailbox_id, part, name)
);
CREATE INDEX mailbox_secret_key ON mailbox_secret (key_id);

-- What the email service last reported: connection states (jsonb, replaced per part) and the IMAP position, which
-- only moves forward under one UIDVALIDITY (a single UPDATE decides it, so racing replicas cannot rewind it).
CREATE TABLE mailbox_status (
    tenant_id    varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    mailbox_id   varchar(64) NOT NULL,
    inbound      jsonb,
    outbound     jsonb,
    uid_validity bigint CHECK (uid_validity >= 0),
    last_uid     bigint CHECK (last_uid >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, mailbox_id)
);

-- Inbound messages. message_key is the Message-ID, or 'sha256:' + the content hash when the header is missing:
-- the natural key that makes submission idempotent. email_id is derived from tenant, mailbox and message_key.
CREATE TABLE email_item (
    email_id          varchar(40) PRIMARY KEY,
    -- insertion order, the cursor of listings
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    tenant_id         varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    mailbox_id        varchar(64) NOT NULL,
    message_key       text        NOT NULL,
    message_id        text,
    content_hash      char(64)    NOT NULL,
    in_reply_to       text,
    refs              jsonb       NOT NULL DEFAULT '[]',
    subtype           text        NOT NULL CHECK (subtype IN ('InboundNew', 'InboundCustomerReply')),
    from_address      text,
    from_name         text,
    reply_to          jsonb       NOT NULL DEFAULT '[]',
    to_addresses      jsonb       NOT NULL DEFAULT '[]',
    cc_addresses      jsonb       NOT NULL DEFAULT '[]',
    subject           text,
    text_body         text,
    html_body         text,
    importance        text        CHECK (importance IN ('high', 'normal', 'low')),
    received_at       timestamptz,
    headers           jsonb       NOT NULL DEFAULT '{}',
    unparsable        boolean     NOT NULL DEFAULT false,
    unparsable_reason text,
    raw_source        bytea,
    task_id           bigint REFERENCES task ON DELETE SET NULL,
    thread_task_id    bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, mailbox_id, message_key),
    CHECK (NOT unparsable OR (raw_source IS NOT NULL AND unparsable_reason IS NOT NULL))
);
CREATE INDEX email_item_message_id ON email_item (tenant_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX email_item_task ON email_item (tenant_id, task_id);
CREATE INDEX email_item_listing ON email_item (tenant_id, seq);
CREATE INDEX email_item_mailbox ON email_item (tenant_id, mailbox_id, seq);
CREATE INDEX email_item_unparsable ON email_item (tenant_id, seq) WHERE unparsable;

CREATE TABLE email_attachment (
    email_id       varchar(40) NOT NULL REFERENCES email_item ON DELETE CASCADE,
    position       integer     NOT NULL,
    file_name      text,
    content_type   text,
    size           bigint      NOT NULL CHECK (size >= 0),
    content_id     text,
    inline         boolean     NOT NULL DEFAULT false,
    blocked        boolean     NOT NULL DEFAULT false,
    blocked_reason text,
    content        bytea,
    PRIMARY KEY (email_id, position),
    CHECK (NOT blocked OR content IS NULL)
);

-- The outbound queue: queued -> sent | retry (-> sent | retry | failed) | failed | bounced; final states stay.
CREATE TABLE outbound_email (
    outbound_id           varchar(40) PRIMARY KEY,
    seq                   bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    tenant_id             varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    mailbox_id            varchar(64) NOT NULL,
    subtype               text        NOT NULL CHECK (subtype IN ('OutboundReply', 'OutboundNew',
                                          'OutboundAcknowledgement', 'OutboundAutoResponse', 'OutboundRedirect')),
    status                text        NOT NULL CHECK (status IN ('queued', 'retry', 'sent', 'failed', 'bounced')),
    message_id            text        NOT NULL,
    in_reply_to_email_id  varchar(40),
    in_reply_to           text,
    refs                  jsonb       NOT NULL DEFAULT '[]',
    task_id               bigint,
    thread_task_id        bigint,
    from_address          text        NOT NULL,
    from_name             text,
    to_addresses          jsonb       NOT NULL,
    cc_addresses          jsonb       NOT NULL DEFAULT '[]',
    bcc_addresses         jsonb       NOT NULL DEFAULT '[]',
    subject               text,
    text_body             text,
    html_body             text,
    attempts              integer     NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    sent_at               timestamptz,
    reason                text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX outbound_email_message_id ON outbound_email (tenant_id, message_id);
CREATE INDEX outbound_email_pending ON outbound_email (tenant_id, seq) WHERE status IN ('queued', 'retry');
CREATE INDEX outbound_email_listing ON outbound_email (tenant_id, status, seq);

CREATE TABLE outbound_attachment (
    outbound_id  varchar(40) NOT NULL REFERENCES outbound_email ON DELETE CASCADE,
    position     integer     NOT NULL,
    file_name    text,
    content_type text,
    size         bigint      NOT NULL,
    content      bytea       NOT NULL,
    PRIMARY KEY (outbound_id, position)
);
