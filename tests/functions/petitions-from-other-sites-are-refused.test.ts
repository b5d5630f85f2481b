/**
 * Issue 12, finding 8: another website cannot make its visitors' browsers file petitions. A post
 * whose Origin is not the site's (or `null`), or that the browser marks Sec-Fetch-Site: cross-site,
 * is refused 403 with a Chinese message and nothing is saved; the site's own plain form post, with
 * no script, keeps working. The form's start time is bounded: present, at most a day ahead of the
 * server's clock (a phone in the wrong time zone), at most three days old.
 */
import { describe, expect, it } from 'vitest';
import { asFormFields, env, ORIGIN, postForm, postJson, submit, validPetition } from './helpers';

const petitions = async () => Number(await env.DB.prepare('SELECT count(*) AS n FROM petitions').first<number>('n'));

describe('a petition posted from another site', () => {
  it('is refused, JSON or plain form, and nothing is saved', async () => {
    const before = await petitions();
    const cases: [string, Request][] = [
      [
        'JSON, foreign Origin',
        postJson('/api/petitions', validPetition(), undefined, { origin: 'https://attacker.example' }),
      ],
      [
        'form, foreign Origin',
        postForm('/api/petitions', asFormFields(validPetition()), undefined, { origin: 'https://attacker.example' }),
      ],
      ['form, Origin null', postForm('/api/petitions', asFormFields(validPetition()), undefined, { origin: 'null' })],
      [
        'form, Sec-Fetch-Site cross-site',
        postForm('/api/petitions', asFormFields(validPetition()), undefined, { 'sec-fetch-site': 'cross-site' }),
      ],
      [
        'form, site Origin but cross-site fetch',
        postForm('/api/petitions', asFormFields(validPetition()), undefined, {
          origin: ORIGIN,
          'sec-fetch-site': 'cross-site',
        }),
      ],
    ];
    for (const [name, request] of cases) {
      const r = await submit(request);
      expect(r.status, name).toBe(403);
      const text = await r.text();
      expect(text, name).toContain('其他网站不能替您提交信访事项');
      if (name.startsWith('JSON')) expect((JSON.parse(text) as { error: string }).error).toContain('网上信访');
      else expect(r.headers.get('content-type'), name).toContain('text/html');
    }
    expect(await petitions()).toBe(before);
  });

  it('the site’s own form post without script keeps working (the browser sends its Origin)', async () => {
    const r = await submit(
      postForm('/api/petitions', asFormFields(validPetition()), undefined, {
        origin: ORIGIN,
        'sec-fetch-site': 'same-origin',
      }),
    );
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/petition\/receipt\//);
  });

  it('the page sent back after a mistake keeps the next post’s Origin (referrer policy same-origin)', async () => {
    const r = await submit(
      postForm('/api/petitions', asFormFields(validPetition({ title: '' })), undefined, { origin: ORIGIN }),
    );
    expect(r.status).toBe(422);
    // no-referrer would make the browser send `Origin: null` with the corrected post.
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('the form’s start time', () => {
  const minutes = (n: number) => Date.now() + n * 60_000;
  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['missing (JSON)', { startedAt: undefined }, /页面信息不完整/],
    ['1 (the epoch)', { startedAt: 1 }, /打开的时间太久了/],
    ['four days old', { startedAt: minutes(-4 * 24 * 60) }, /打开的时间太久了/],
    ['two days ahead', { startedAt: minutes(2 * 24 * 60) }, /日期和时间/],
    ['a year ahead', { startedAt: minutes(365 * 24 * 60) }, /日期和时间/],
  ];
  for (const [name, override, message] of refused) {
    it(`is refused when ${name}, with a Chinese message for the form`, async () => {
      const body = validPetition(override);
      if (override['startedAt'] === undefined) delete body['startedAt'];
      const r = await submit(postJson('/api/petitions', body));
      expect(r.status).toBe(422);
      expect((await r.json<{ errors: Record<string, string> }>()).errors['form']).toMatch(message);
    });
  }

  it('is taken 8 hours ahead (a phone set to the wrong time zone) and two days old (a form left open)', async () => {
    for (const startedAt of [minutes(5), minutes(8 * 60), minutes(-2 * 24 * 60)]) {
      expect((await submit(postJson('/api/petitions', validPetition({ startedAt })))).status).toBe(201);
    }
  });

  it('a plain form post with the hidden fields empty gets the page back with a fresh start time, and the next post files', async () => {
    const first = await submit(
      postForm('/api/petitions', asFormFields(validPetition({ submissionId: '', startedAt: '' })), undefined, {
        origin: ORIGIN,
      }),
    );
    expect(first.status).toBe(422);
    const page = await first.text();
    expect(page).toContain('页面信息不完整');
    const started = /name="startedAt"[^>]*value="(\d{13})"/.exec(page)?.[1];
    const id = /name="submissionId"[^>]*value="([0-9a-f-]{36})"/.exec(page)?.[1];
    expect(started).toBeDefined();
    expect(id).toBeDefined();
    // The person reads the message and posts again (the start time is the page's, moved back as a person's pause).
    const again = await submit(
      postForm(
        '/api/petitions',
        asFormFields(validPetition({ submissionId: id, startedAt: String(Number(started) - 5_000) })),
        undefined,
        { origin: ORIGIN },
      ),
    );
    expect(again.status).toBe(303);
  });
});
