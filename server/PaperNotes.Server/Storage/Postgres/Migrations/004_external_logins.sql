-- Upstream sign-in identities (Auth/External): one row per provider issuer and subject, tied to one account.
CREATE TABLE external_logins (
    id text PRIMARY KEY,
    user_id text NOT NULL,
    login json NOT NULL
);

CREATE INDEX external_logins_user ON external_logins (user_id);
