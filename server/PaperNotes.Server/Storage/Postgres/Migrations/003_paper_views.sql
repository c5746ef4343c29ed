-- Each user's own view of the papers they captured, and their capture count of the day (Papers/PaperCatalog). The
-- papers table now holds each paper's shared record: only values that several users captured alike, with the votes.
CREATE TABLE paper_views (
    user_id text NOT NULL,
    paper_id text NOT NULL,
    paper json NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

CREATE TABLE capture_quotas (
    user_id text PRIMARY KEY,
    day date NOT NULL,
    papers integer NOT NULL
);
