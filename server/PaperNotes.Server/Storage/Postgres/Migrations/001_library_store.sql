-- Libraries, memberships and the versioned object store with its change feed (Library/PostgresLibraryStore).
CREATE TABLE libraries (
    id text PRIMARY KEY,
    number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind text NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    owner_id text NOT NULL,
    -- Raised by exactly one per commit, under the row lock the commit's UPDATE takes.
    version bigint NOT NULL DEFAULT 0,
    oldest_version bigint NOT NULL DEFAULT 0,
    -- Set on personal libraries only: two first calls of one user racing cannot make two.
    personal_of text UNIQUE
);

CREATE TABLE members (
    library_id text NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    user_id text NOT NULL,
    username text NOT NULL,
    role text NOT NULL,
    PRIMARY KEY (library_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE objects (
    library_id text NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    kind text NOT NULL,
    key text NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    deleted_at timestamptz,
    -- json, not jsonb: an object reads back byte for byte as it was written, as on the embedded engine.
    data json,
    PRIMARY KEY (library_id, kind, key)
);
-- The change feed: one library's objects in version order.
CREATE INDEX objects_feed ON objects (library_id, version);
CREATE INDEX objects_tombstones ON objects (deleted_at) WHERE deleted;

-- Public link tokens by their SHA-256, so the lookup never compares a secret (Collections/PublicLinks).
CREATE TABLE public_links (
    token_hash text PRIMARY KEY,
    library_id text NOT NULL REFERENCES libraries (id) ON DELETE CASCADE
);

-- Keyed POSTs' first responses (Api/IdempotencyStore).
CREATE TABLE idempotency (
    id text PRIMARY KEY,
    fingerprint text NOT NULL,
    response text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);

-- The server-wide paper catalog (Papers/PaperCatalog), one JSON document per arXiv id.
CREATE TABLE papers (
    id text PRIMARY KEY,
    paper json NOT NULL
);

-- Accounts (Auth/Accounts), the account as JSON beside its unique normalised name.
CREATE TABLE users (
    id text PRIMARY KEY,
    normalized_user_name text NOT NULL UNIQUE,
    account json NOT NULL
);

-- The token signing and encryption keys made at first start when no certificates are configured (Auth/Keys).
CREATE TABLE token_keys (
    id text PRIMARY KEY,
    signing_key_id text NOT NULL,
    signing bytea NOT NULL,
    encryption_key_id text NOT NULL,
    encryption bytea NOT NULL
);

-- Single-use invite codes by their SHA-256 (Auth/Invites).
CREATE TABLE invites (
    code_hash text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
