-- PostgreSQL twin of migrations/sqlite (same numbers, tables, columns and CHECK lists; the
-- platform contract tests in tests/platform compare both). Plain SQL and PL/pgSQL only, no
-- extensions, so KingbaseES and HighGo run the same files.
-- Placeholder; the petition schema comes in 0002.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
