-- The audit stream as the inventory wrote it; sequence orders all events (see DomainEvents for why it has no gaps).
CREATE TABLE domain_event (
    sequence       bigserial    PRIMARY KEY,
    event_id       uuid         NOT NULL UNIQUE,
    event_type     varchar(64)  NOT NULL,
    aggregate_type varchar(32)  NOT NULL,
    aggregate_id   varchar(64)  NOT NULL,
    host_id        varchar(64),
    occurred_at    timestamptz  NOT NULL,
    data           text         NOT NULL
);
CREATE INDEX domain_event_by_aggregate ON domain_event (aggregate_id, sequence);

-- Xen domains, known from their first attachment.
CREATE TABLE xen_domain (
    name       varchar(64) PRIMARY KEY,
    created_at timestamptz NOT NULL
);

-- A volume attached to a domain as a virtual device, read-only (r) or read-write (w).
CREATE TABLE attachment (
    domain_name varchar(64) NOT NULL REFERENCES xen_domain (name),
    vdev        varchar(16) NOT NULL,
    volume_id   uuid        NOT NULL REFERENCES volume (id),
    mode        varchar(1)  NOT NULL CHECK (mode IN ('r', 'w')),
    forced      boolean     NOT NULL,
    attached_at timestamptz NOT NULL,
    PRIMARY KEY (domain_name, vdev)
);
CREATE INDEX attachment_by_volume ON attachment (volume_id);

-- First responses of POSTs made with an Idempotency-Key, replayed for the same key and body.
CREATE TABLE idempotency_key (
    idempotency_key varchar(255)  NOT NULL,
    endpoint        varchar(255)  NOT NULL,
    request_hash    varchar(64)   NOT NULL,
    response_status integer       NOT NULL,
    response_body   text          NOT NULL,
    location        varchar(1024),
    created_at      timestamptz   NOT NULL,
    PRIMARY KEY (idempotency_key, endpoint)
);
