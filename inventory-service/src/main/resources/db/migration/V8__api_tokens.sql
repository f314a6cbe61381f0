-- API tokens: who may call the REST API. Only the SHA-256 of a secret is kept; the secret itself is
-- shown once, when the token is made. Revoking deletes the row: the token stops working at once.
CREATE TABLE api_token (
    name          varchar(64)  PRIMARY KEY,
    role          varchar(16)  NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    secret_sha256 varchar(64)  NOT NULL UNIQUE,
    -- Comma-separated host ids the token may change storage on; NULL: every host.
    hosts         text,
    expires_at    timestamptz,
    created_at    timestamptz  NOT NULL
);
