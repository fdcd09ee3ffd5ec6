-- Projects: git repositories coding sessions work on (the main checkout's path; worktrees go under it).
CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    slug           TEXT NOT NULL UNIQUE,
    path           TEXT NOT NULL UNIQUE,
    default_branch TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
