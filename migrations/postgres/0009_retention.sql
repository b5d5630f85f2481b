-- Retention (issue 5): when a closed case's personal data was removed by `npm run retention`.
-- Statistics columns (kind, issue_area, region, status, dates) stay; personal data and free text go.
ALTER TABLE petitions ADD COLUMN anonymised_at TEXT;
CREATE INDEX petitions_retention ON petitions (status, updated_at) WHERE anonymised_at IS NULL;
