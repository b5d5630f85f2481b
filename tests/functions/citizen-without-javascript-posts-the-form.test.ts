import { describe, expect, it } from 'vitest';
import {
  asFormFields,
  env,
  freshIp,
  petitionPage,
  postForm,
  postMultipart,
  receipt,
  submit,
  validPetition,
} from './helpers';
import { isValidCode } from '../../src/lib/tracking-code';
import { listAttachments, findPetitionByCode } from '../../src/server/petition-store';
import { readAttachmentBytes } from '../../src/server/attachments';
import { ATTACHMENT_MESSAGES } from '../../src/lib/petition-schema';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

function multipart(fields: Record<string, string>, files: [name: string, bytes: Uint8Array, type: string][]): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [name, bytes, type] of files)
    form.append('attachments', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return form;
}

function codeFromLocation(location: string | null): string {
  return new URL(location!, 'https://x').searchParams.get('code')!;
}

describe('a citizen without JavaScript posts the plain HTML form', () => {
  it('gets a form page with a fresh submission id and start time filled in', async () => {
    const a = await (await petitionPage()).text();
    const b = await (await petitionPage()).text();
    const id = (html: string) => /name="submissionId"[^>]*value="([^"]+)"/.exec(html)?.[1];
    expect(id(a)).toMatch(/^[0-9a-f-]{36}$/);
    expect(id(a)).not.toBe(id(b));
    expect(a).toMatch(/name="startedAt"[^>]*value="\d{13}"/);
    // A plain post goes to the page's own address, where a mistake is answered.
    expect(a).toMatch(/<form id="petition-form" method="post" action="\/petition\/"/);
  });

  it('urlencoded: 303 to the receipt, which shows the code', async () => {
    const r = await submit(postForm('/api/petitions', asFormFields(validPetition())));
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(location).toMatch(/^\/petition\/receipt\/\?code=\w{12}&t=[0-9a-f]{16}$/);
    expect(isValidCode(codeFromLocation(location))).toBe(true);
    const page = await receipt(location);
    expect(page.status).toBe(200);
  });

  it('urlencoded with only the submission id left empty still works (the server makes one)', async () => {
    const r = await submit(postForm('/api/petitions', asFormFields(validPetition({ submissionId: '' }))));
    expect(r.status).toBe(303);
  });
  // Both hidden fields empty (a page no server filled): tests/functions/petitions-from-other-sites-are-refused.test.ts.

  it('multipart with a real PDF and PNG: 303, files sealed in R2 and readable again', async () => {
    const fields = asFormFields(validPetition());
    const r = await submit(
      postMultipart(
        '/api/petitions',
        multipart(fields, [
          ['证明材料.pdf', PDF, 'application/pdf'],
          ['现场照片.PNG', PNG, 'image/png'],
        ]),
      ),
    );
    expect(r.status).toBe(303);
    const p = (await findPetitionByCode(env.DB, codeFromLocation(r.headers.get('location'))))!;
    expect(p.attachmentCount).toBe(2);
    const files = await listAttachments(env.DB, p.id);
    expect(files.map((f) => [f.mime, f.size])).toEqual([
      ['application/pdf', PDF.byteLength],
      ['image/png', PNG.byteLength],
    ]);
    const stored = await env.ATTACHMENTS.get(files[0]!.r2Key);
    const raw = stored!.bytes;
    expect(new TextDecoder().decode(raw.subarray(0, 5))).not.toBe('%PDF-');
    expect(await readAttachmentBytes(env, files[0]!.r2Key)).toEqual(PDF);
    expect(await readAttachmentBytes(env, files[1]!.r2Key)).toEqual(PNG);
  });

  it('multipart with an empty file input (nothing chosen) is fine', async () => {
    const r = await submit(
      postMultipart(
        '/api/petitions',
        multipart(asFormFields(validPetition()), [['', new Uint8Array(0), 'application/octet-stream']]),
      ),
    );
    expect(r.status).toBe(303);
  });

  it.each([
    ['a program renamed to .png', [['photo.png', EXE, 'image/png']]],
    ['a PNG named .pdf', [['letter.pdf', PNG, 'application/pdf']]],
    ['a PDF named .jpg', [['photo.jpg', PDF, 'image/jpeg']]],
    ['HTML named .pdf', [['a.pdf', new TextEncoder().encode('<html><script>alert(1)</script>'), 'application/pdf']]],
  ] as [string, [string, Uint8Array, string][]][])('refuses %s, stores nothing', async (_label, files) => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM petitions').first<number>('n');
    const r = await submit(
      postMultipart('/api/petitions', multipart(asFormFields(validPetition()), files), freshIp(), {
        accept: 'application/json',
      }),
    );
    expect(r.status).toBe(422);
    expect((await r.json<{ errors: Record<string, string> }>()).errors['attachments']).toBe(
      ATTACHMENT_MESSAGES.wrongType,
    );
    expect(await env.DB.prepare('SELECT count(*) AS n FROM petitions').first<number>('n')).toBe(before);
  });

  it('refuses a sixth attachment and an empty file', async () => {
    const six = Array.from({ length: 6 }, (_, i) => [`p${i}.png`, PNG, 'image/png'] as [string, Uint8Array, string]);
    const r = await submit(
      postMultipart('/api/petitions', multipart(asFormFields(validPetition()), six), freshIp(), {
        accept: 'application/json',
      }),
    );
    expect((await r.json<{ errors: Record<string, string> }>()).errors['attachments']).toBe(
      ATTACHMENT_MESSAGES.tooMany,
    );
    const e = await submit(
      postMultipart(
        '/api/petitions',
        multipart(asFormFields(validPetition()), [['a.pdf', new Uint8Array(0), 'application/pdf']]),
        freshIp(),
        { accept: 'application/json' },
      ),
    );
    expect((await e.json<{ errors: Record<string, string> }>()).errors['attachments']).toBe(ATTACHMENT_MESSAGES.empty);
  });

  it('refuses a file over 10 MB', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const r = await submit(
      postMultipart(
        '/api/petitions',
        multipart(asFormFields(validPetition()), [['big.pdf', big, 'application/pdf']]),
        freshIp(),
        { accept: 'application/json' },
      ),
    );
    expect(r.status).toBe(422);
    expect((await r.json<{ errors: Record<string, string> }>()).errors['attachments']).toBe(
      ATTACHMENT_MESSAGES.tooLarge,
    );
  });

  it('a form with mistakes comes back as the same page: error summary, values kept, nothing lost', async () => {
    const fields = asFormFields(
      validPetition({
        name: '',
        phone: '12',
        title: '<script>alert("x")</script> &amp; co',
        facts: '第一行\n第二行 & "引号"',
        kind: 'accusation',
        region: 'heping',
        website: '',
      }),
    );
    const r = await submit(postForm('/api/petitions', fields));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('text/html');
    const html = await r.text();
    expect(html).toContain('<title>错误：网上信访');
    expect(html).toMatch(/<div id="petition-errors"[^>]*>\s*<div class="error-summary" role="alert"/);
    expect(html).toContain('href="#petition-name"');
    expect(html).toContain('href="#petition-phone"');
    expect(html).toMatch(/id="petition-phone" name="phone" type="tel"[^>]*aria-invalid="true"/);
    // Values typed are put back, escaped.
    // Inside a quoted attribute only " and & need escaping; & is escaped so "&amp;" stays as typed.
    expect(html).toContain('name="title" type="text" value="<script>alert(&quot;x&quot;)</script> &amp;amp; co"');
    expect(html.split('<script>alert').length).toBe(2);
    expect(html).toContain('第一行\n第二行 &amp; "引号"</textarea>');
    expect(html).toMatch(/value="accusation" checked/);
    expect(html).toMatch(/<option value="heping" selected/);
    expect(html).toMatch(/id="petition-declaration" name="declaration" checked/);
    expect(html).toMatch(
      new RegExp(`name="submissionId" id="petition-submissionId" value="${fields['submissionId']}"`),
    );
  });

  it('a refused post to /petition/ answers there: the message at each field, focus on the summary, files to choose again', async () => {
    const fields = asFormFields(validPetition({ name: '', kind: '', declaration: '' }));
    const r = await submit(postMultipart('/petition/', multipart(fields, [['letter.pdf', PDF, 'application/pdf']])));
    expect(r.status).toBe(422);
    const html = await r.text();
    // The summary takes focus as the page loads, with no script.
    expect(html).toMatch(/<div id="petition-errors" tabindex="-1" autofocus="">\s*<div class="error-summary"/);
    // The corrected post goes to the page's own address again.
    expect(html).toMatch(/<form id="petition-form" method="post" action="\/petition\/"/);
    // Each message stands next to its control and describes it.
    expect(html).toMatch(
      /<span class="field-error" id="petition-name-error"><span class="visually-hidden">错误：<\/span>[^<]+<\/span>\s*<input id="petition-name"[^>]*aria-describedby="petition-name-hint petition-name-error"/,
    );
    expect(html).toMatch(/<div class="field has-error">\s*<label for="petition-name">/);
    expect(html).toMatch(
      /<fieldset class="field has-error" aria-describedby="petition-kind-hint petition-kind-error">/,
    );
    expect(html).toMatch(/<span class="field-error" id="petition-kind-error">.+<\/span><div class="choices">/);
    for (const kind of ['suggestion', 'accusation', 'claim'])
      expect(html).toMatch(new RegExp(`id="petition-kind-${kind}"[^>]*aria-describedby="petition-kind-error"`));
    expect(html).toMatch(/<span class="field-error" id="petition-declaration-error">.+<\/span><div class="choice">/);
    // A valid file is not silently dropped: the page says it must be chosen again, in the summary and at the field.
    expect(html).toContain('<a href="#petition-attachments">您选择的 1 个附件这次没有保存');
    expect(html).toMatch(
      /<span class="field-error" id="petition-attachments-error"><span class="visually-hidden">请注意：<\/span>您选择的 1 个附件[^<]*请重新选择。<\/span>\s*<input id="petition-attachments"[^>]*aria-describedby="petition-attachments-error"/,
    );
    // What can be kept is kept.
    expect(html).toContain(`value="${fields['title']}"`);
  });

  it('/petition without the slash takes the post too, and a refused post without files says nothing of files', async () => {
    const r = await submit(postForm('/petition', asFormFields(validPetition({ phone: '12' }))));
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('id="petition-phone-error"');
    expect(html).not.toContain('附件这次没有保存');
  });

  it('the honeypot, when a bot fills it, is not echoed back', async () => {
    const r = await submit(
      postForm('/api/petitions', asFormFields(validPetition({ website: 'http://spam.example/' }))),
    );
    expect(r.status).toBe(422);
    expect(await r.text()).not.toContain('spam.example');
  });

  it('a JSON client posting multipart with Accept: application/json gets 201 JSON', async () => {
    const r = await submit(
      postMultipart(
        '/api/petitions',
        multipart(asFormFields(validPetition()), [
          ['a.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
        ]),
        freshIp(),
        { accept: 'application/json' },
      ),
    );
    expect(r.status).toBe(201);
    expect(Object.keys(await r.json()).sort()).toEqual(['code', 'receiptUrl']);
  });
});
