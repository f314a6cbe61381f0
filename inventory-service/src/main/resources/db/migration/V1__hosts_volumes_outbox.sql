-- Hosts appear when their agent first reports; the row holds the last report.
CREATE TABLE host (
    id                    varchar(64)   PRIMARY KEY,
    hostname              varchar(255)  NOT NULL,
    image_root            varchar(4096) NOT NULL,
    image_root_free_bytes bigint        NOT NULL,
    loop_devices_in_use   integer       NOT NULL,
    loop_device_limit     integer       NOT NULL,
    simulated             boolean       NOT NULL,
    first_seen_at         timestamptz   NOT NULL,
    last_report_at        timestamptz   NOT NULL
);

-- Intent (what the operator asked for) and the last state the host reported for it.
CREATE TABLE volume (
    id              uuid          PRIMARY KEY,
    host_id         varchar(64)   NOT NULL REFERENCES host (id),
    name            varchar(128)  NOT NULL,
    kind            varchar(16)   NOT NULL,
    size_bytes      bigint        NOT NULL CHECK (size_bytes > 0),
    filesystem      varchar(16),
    image_path      varchar(4096),
    state           varchar(16)   NOT NULL,
    allocated_bytes bigint,
    failure_reason  varchar(32),
    failure_message text,
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    version         bigint        NOT NULL
);

-- A name is taken on a host while its volume may exist there; a failed or deleted one frees it.
CREATE UNIQUE INDEX volume_live_name_per_host ON volume (host_id, name) WHERE state NOT IN ('FAILED', 'DELETED');
CREATE INDEX volume_by_host_state ON volume (host_id, state);

-- Transactional outbox: written in the same transaction as the intent, relayed to Kafka in id order.
CREATE TABLE outbox (
    id           bigserial     PRIMARY KEY,
    message_id   uuid          NOT NULL UNIQUE,
    topic        varchar(255)  NOT NULL,
    message_key  varchar(255)  NOT NULL,
    message_type varchar(64)   NOT NULL,
    aggregate_id varchar(64),
    payload      text          NOT NULL,
    created_at   timestamptz   NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Messages already applied, so a redelivered message changes nothing.
CREATE TABLE processed_message (
    message_id   uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
