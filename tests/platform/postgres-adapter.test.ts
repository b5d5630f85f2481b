/**
 * The PostgreSQL adapter's pure parts: the placeholder rewrite (SQLite's numbering, literals and
 * comments left alone) and the classification by SQLSTATE, without a server.
 */
import { describe, expect, it } from 'vitest';
import { classifyPostgresError, toPostgresPlaceholders } from '../../src/server/platform/postgres';

describe('toPostgresPlaceholders', () => {
  it.each([
    ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ['SELECT ?2, ?1, ?2', 'SELECT $2, $1, $2'],
    // SQLite: a bare ? takes one more than the largest number so far.
    ['SELECT ?3, ?, ?1, ?', 'SELECT $3, $4, $1, $5'],
    ["SELECT '?', 'it''s ?', ?", "SELECT '?', 'it''s ?', $1"],
    ["SELECT E'\\'?', ?", "SELECT E'\\'?', $1"],
    ['SELECT "odd?name", ?', 'SELECT "odd?name", $1'],
    ['SELECT ? -- why?\n, ?', 'SELECT $1 -- why?\n, $2'],
    ['SELECT /* a /* nested ? */ ? */ ?', 'SELECT /* a /* nested ? */ ? */ $1'],
    [
      'DO $body$ BEGIN PERFORM 1 WHERE ? IS NULL; END $body$; SELECT ?',
      'DO $body$ BEGIN PERFORM 1 WHERE ? IS NULL; END $body$; SELECT $1',
    ],
    ['SELECT $$?$$, ?', 'SELECT $$?$$, $1'],
    ['SELECT 1', 'SELECT 1'],
  ])('%s', (sql, expected) => {
    expect(toPostgresPlaceholders(sql)).toBe(expected);
  });
});

describe('classifyPostgresError', () => {
  const pgError = (fields: Record<string, string>) => Object.assign(new Error(fields['message'] ?? 'pg error'), fields);

  it.each([
    [
      { code: '23505', table: 'petitions', constraint: 'petitions_submission_id_key' },
      'unique',
      'petitions_submission_id_key',
    ],
    [
      { code: '23505', table: 'petition_events', constraint: 'petition_events_petition_id_seq_key' },
      'sequence',
      'petition_events',
    ],
    [
      { code: '23505', table: 'petition_events', constraint: 'petition_events_hash_key' },
      'sequence',
      'petition_events',
    ],
    [{ code: '23505', table: 'petition_events', constraint: 'petition_events_pkey' }, 'unique', 'petition_events_pkey'],
    [{ code: 'XF001' }, 'over-limit', undefined],
    [{ code: 'XF002' }, 'sequence', 'petition_events'],
    [{ code: 'XF003' }, 'append-only', undefined],
    [{ code: 'XF004' }, 'last-admin', 'staff'],
    [{ code: '57P01' }, 'unavailable', undefined],
    [{ code: '53300' }, 'unavailable', undefined],
    [{ code: '08006' }, 'unavailable', undefined],
    [{ code: 'ECONNREFUSED' }, 'unavailable', undefined],
    [{ message: 'Connection terminated unexpectedly' }, 'unavailable', undefined],
    [{ code: '42601', message: 'syntax error' }, 'other', undefined],
  ])('%o is %s', (fields, kind, constraint) => {
    const error = classifyPostgresError(pgError(fields));
    expect([error.kind, error.constraint]).toEqual([kind, constraint]);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('keeps the text of a refused rate limit, as the SQLite trigger words it', () => {
    expect(classifyPostgresError(pgError({ code: 'XF001' })).message).toBe('rate limit exceeded');
  });
});
