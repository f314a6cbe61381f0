-- Hosts allowed onto Kafka: each has its own topics and a Kafka user, host.<credential>, allowed to
-- read its commands and write its results and reports. Several hosts may share a credential (the
-- simulated hosts of one agent). The password is never stored here: Kafka keeps its SCRAM hash.
CREATE TABLE host_enrolment (
    host_id     varchar(64) PRIMARY KEY,
    credential  varchar(64) NOT NULL,
    enrolled_at timestamptz NOT NULL
);
CREATE INDEX host_enrolment_by_credential ON host_enrolment (credential);

-- Commands now go to their host's own topic; those not yet published follow.
UPDATE outbox SET topic = 'domstore.commands.' || message_key WHERE topic = 'domstore.commands' AND published_at IS NULL;
