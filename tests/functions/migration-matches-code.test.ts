import { describe, expect, it } from 'vitest';
import { env } from './helpers';
import { checkList } from './helpers';
import { ATTACHMENT_TYPES, OTHER_PROCEDURE_IDS, PETITION_KIND_IDS } from '../../src/lib/petition-schema';
import { CASE_STATES } from '../../src/lib/workflow';

describe('the database constraints follow the lists in the code', () => {
  it.each([
    ['petitions', 'kind', [...PETITION_KIND_IDS]],
    ['petitions', 'other_procedure', [...OTHER_PROCEDURE_IDS]],
    ['petitions', 'status', [...CASE_STATES]],
    ['attachments', 'mime', ATTACHMENT_TYPES.map((t) => t.mime)],
  ])('%s.%s', async (table, column, values) => {
    expect(await checkList(table, column)).toEqual(values);
  });

  it('refuses a kind the code does not know, even written directly', async () => {
    await expect(
      env.DB.prepare(
        `INSERT INTO petitions (id, code, submission_id, kind, issue_area, region, title, request, facts, pii_iv, pii_ct, phone_hash, track_verifier, created_at, updated_at)
         VALUES ('x', '23456789ABCD', 's', 'gossip', 'other', 'chengguan', 't', 'r', 'f', 'iv', 'ct', 'h', 'v', 'now', 'now')`,
      ).run(),
    ).rejects.toThrow(/CHECK/);
  });
});
