import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asFormFields, ORIGIN, submit, track, validPetition } from './helpers';
import { PETITION_FIELDS } from '../../src/lib/petition-schema';

// Strings that stress parsing: any UTF-16 (lone surrogates too), control characters, formula starts.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '=cmd|" /C calc"!A0',
    '+86 138 0000 0000',
    '<script>',
    '\uD800',
    'on',
    'true',
    'null',
    '1e309',
    '-0',
  ),
);

const fieldValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 2 }),
);

const petitionLike = fc
  .record({
    drop: fc.subarray([...PETITION_FIELDS]),
    change: fc.dictionary(fc.constantFrom(...PETITION_FIELDS), fieldValue, { maxKeys: 4 }),
    extra: fc.dictionary(nasty, fieldValue, { maxKeys: 2 }),
  })
  .map(({ drop, change, extra }) => {
    const p: Record<string, unknown> = { ...validPetition(), ...change, ...extra };
    for (const k of drop) delete p[k];
    return p;
  });

const jsonBody = fc.oneof(
  petitionLike.map((p) => JSON.stringify(p)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const formBody = fc.oneof(
  petitionLike.map((p) => new URLSearchParams(asFormFields(p)).toString()),
  fc.dictionary(nasty, nasty, { maxKeys: 8 }).map((d) => new URLSearchParams(d).toString()),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'text/plain',
  '',
);

function request(path: string, type: string, body: string, ip: string, accept: string): Request {
  const headers: Record<string, string> = { 'cf-connecting-ip': ip, accept };
  if (type) headers['content-type'] = type;
  return new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body });
}

const accept = fc.constantFrom('application/json', 'text/html', '*/*');

describe('random bodies never cause a 5xx', () => {
  it('POST /api/petitions: 1,000 random JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, fc.ipV4(), accept, async (body, ip, acc) => {
        const r = await submit(request('/api/petitions', 'application/json', body, ip, acc));
        await r.arrayBuffer();
        return r.status < 500;
      }),
      { numRuns: 1000 },
    );
  });

  it('POST /api/petitions: 800 random form bodies and content types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(formBody, jsonBody), contentType, fc.ipV4(), accept, async (body, type, ip, acc) => {
        const r = await submit(request('/api/petitions', type, body, ip, acc));
        await r.arrayBuffer();
        return r.status < 500;
      }),
      { numRuns: 800 },
    );
  });

  it('POST /api/track: 400 random bodies', async () => {
    const trackBody = fc.oneof(
      fc.record({ code: fieldValue, phoneLast4: fieldValue }).map((v) => JSON.stringify(v)),
      jsonBody,
      formBody,
    );
    await fc.assert(
      fc.asyncProperty(trackBody, contentType, fc.ipV4(), accept, async (body, type, ip, acc) => {
        const r = await track(request('/api/track', type, body, ip, acc));
        await r.arrayBuffer();
        return r.status < 500;
      }),
      { numRuns: 400 },
    );
  });

  it('the fuzz does reach the happy path too (the generators are not all garbage)', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(petitionLike, fc.ipV4(), async (p, ip) => {
        statuses.add(
          (await submit(request('/api/petitions', 'application/json', JSON.stringify(p), ip, 'application/json')))
            .status,
        );
        return true;
      }),
      { numRuns: 150, seed: 42 },
    );
    expect(statuses.has(201)).toBe(true);
    expect(statuses.has(422)).toBe(true);
  });
});
