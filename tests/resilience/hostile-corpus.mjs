// At least 200 crafted requests against POST /api/petitions: wrong types, oversized values, prototype
// keys, control characters, lone surrogates, bidi overrides, markup, SQL, malformed JSON and multipart,
// lying Content-Length, files whose bytes do not match their type. Each entry says what it is.
import { validPetition } from './petition-body.mjs';

const FIELDS = [
  'submissionId',
  'name',
  'phone',
  'email',
  'address',
  'region',
  'kind',
  'issueArea',
  'title',
  'request',
  'facts',
  'idNumber',
  'otherProcedure',
  'declaration',
  'privacyConsent',
  'website',
  'startedAt',
];

const BAD_VALUES = {
  number: 12345,
  negative: -1,
  float: 1.5,
  bool: false,
  null: null,
  array: ['a', 'b'],
  object: { nested: { deeper: 'x' } },
  emptyString: '',
  huge: '长'.repeat(200_000),
  nul: 'abc\u0000def',
  loneSurrogate: 'abc\uD800def',
  bidi: '\u202Eevil\u202C',
};

/** Hostile text that is still valid text: accepted petitions must render it inertly. */
export const INERT_TEXTS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  "'; DROP TABLE petitions; --",
  '=HYPERLINK("http://evil.example","点我")',
  '+cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '{{constructor.constructor("window.__pwned=1")()}}',
];

// Hostile-looking input that the API may accept because it ignores or normalises it: null for an
// optional field means "not given", unknown keys (including __proto__ and constructor) are dropped
// by the schema, and an old startedAt only means a slow filler. These must not pollute anything.
const HARMLESS = new Set([
  'email=null',
  'idNumber=null',
  'otherProcedure=null',
  'website=null',
  'startedAt=number',
  '__proto__ key',
  'constructor key',
]);

export function buildCorpus() {
  const cases = [];
  const post = (name, body, headers = { 'content-type': 'application/json' }) =>
    cases.push({ name, body, headers, harmless: HARMLESS.has(name) });

  // Every field with every wrong value (17 × 12 = 204).
  for (const field of FIELDS) {
    for (const [label, value] of Object.entries(BAD_VALUES)) {
      // Strings where strings are allowed and the value is valid text are not hostile for some fields.
      if (label === 'emptyString' && ['email', 'idNumber', 'website', 'otherProcedure'].includes(field)) continue;
      const body = validPetition(cases.length, { [field]: value });
      post(`${field}=${label}`, JSON.stringify(body));
    }
  }
  // Prototype pollution and unknown keys.
  post('__proto__ key', `{"__proto__":{"admin":true},${JSON.stringify(validPetition(1)).slice(1)}`);
  post('constructor key', JSON.stringify({ ...validPetition(2), constructor: { prototype: { admin: true } } }));
  post('prototype only', '{"__proto__":{"declaration":true}}');
  post('deep nesting', '['.repeat(5000) + ']'.repeat(5000));
  post('JSON array', '[]');
  post('JSON string', '"hello"');
  post('JSON number', '42');
  post('JSON null', 'null');
  // Malformed JSON.
  for (const [i, s] of [
    '{',
    '{"name":',
    '{name:"x"}',
    "{'a':1}",
    '{"a":1,}',
    '\u0000',
    '\uFEFF{}x',
    'NaN',
    '{"a":"\\u12"}',
    '',
  ].entries())
    post(`malformed JSON ${i}`, s);
  // Wrong or missing content types.
  for (const ct of ['text/plain', 'application/xml', 'text/html', 'application/octet-stream', 'image/png', '']) {
    post(`content-type ${ct || '(none)'}`, JSON.stringify(validPetition(3)), ct ? { 'content-type': ct } : {});
  }
  // Oversized bodies.
  post('12 MB JSON', JSON.stringify({ ...validPetition(4), facts: 'x'.repeat(12 * 1024 * 1024) }));
  post('60 MB multipart', null, { kind: 'multipart-big' });
  // Malformed multipart.
  post('multipart without boundary', '--x\r\n\r\n', { 'content-type': 'multipart/form-data' });
  post('multipart wrong boundary', '--abc\r\nContent-Disposition: form-data; name="name"\r\n\r\n张三\r\n--abc--', {
    'content-type': 'multipart/form-data; boundary=zzz',
  });
  post('multipart truncated', '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n张', {
    'content-type': 'multipart/form-data; boundary=b',
  });
  post('multipart no headers', '--b\r\n\r\n\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' });
  post('urlencoded garbage', '%%%&&&===%E4%', { 'content-type': 'application/x-www-form-urlencoded' });
  // Files whose bytes do not match their declared type.
  cases.push({
    name: 'exe named .pdf',
    kind: 'file',
    file: {
      name: '证明.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this is not a pdf'),
    },
  });
  cases.push({
    name: 'html named .png',
    kind: 'file',
    file: { name: 'photo.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
  });
  cases.push({
    name: 'zip named .jpg',
    kind: 'file',
    file: { name: 'a.jpg', type: 'image/jpeg', bytes: Buffer.from('PK\x03\x04 zip archive') },
  });
  cases.push({
    name: 'six attachments',
    kind: 'file',
    count: 6,
    file: { name: 'a.png', type: 'image/png', bytes: Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(64), 'latin1') },
  });
  // A lying Content-Length (raw socket).
  cases.push({
    name: 'Content-Length larger than body',
    kind: 'raw',
    declared: 5000,
    body: JSON.stringify(validPetition(5)),
  });
  cases.push({
    name: 'Content-Length smaller than body',
    kind: 'raw',
    declared: 10,
    body: JSON.stringify(validPetition(6)),
  });
  cases.push({ name: 'Content-Length huge', kind: 'raw', declared: 10 ** 12, body: '{}' });
  return cases;
}
