-- Mail bodies at rest (issue 9: no personal data readable in any table; issue 12: no live secret
-- stored readable). The subject, HTML and text of a mail are sealed together, like the recipient,
-- into body_iv/body_ct; subject/html/text stay empty for new rows (older rows keep theirs until
-- retention removes them). After a mail is sent its body is dropped: nothing needs it again.
ALTER TABLE mail_outbox ADD COLUMN body_iv TEXT;
ALTER TABLE mail_outbox ADD COLUMN body_ct TEXT;
