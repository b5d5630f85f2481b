/**
 * Server-made HTML in Node: the static page shells filled (tests/functions/fixtures are the shells
 * with the real pages' hooks), fragments, small pages and mails. Hostile text must arrive as text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/server/html';
import { HtmlPage } from '../../src/server/html-rewriter';
import { fillMarked, renderPetitionWithErrors } from '../../src/server/html-shell';
import { handleReceipt, handleTrack, handleTrackPage, RECEIPT_NOT_FOUND } from '../../src/server/petition-routes';
import { renderTrackResult } from '../../src/server/track-page';
import type { TrackResult } from '../../src/server/track';
import { formatCode, generateCode } from '../../src/lib/tracking-code';
import { filterReceptionPage } from '../../src/server/schedule-filter';
import { renderReceiptMail, renderStaffMail } from '../../src/server/mail';
import { renderLoginMail, renderStatusMail } from '../../src/server/staff-mail';
import { outboxPage } from '../../src/server/dev-outbox';
import { renderLoginPage } from '../../src/server/staff-login-page';
import type { Env } from '../../src/server/env';
import type { ReceiptFacts } from '../../src/server/receipt-info';
import type { PublicNotice } from '../../src/server/timeline';

const ORIGIN = 'https://xinfang.example';
const shell = (name: string) => readFileSync(new URL(`../functions/fixtures/${name}.html`, import.meta.url), 'utf8');
const FIXTURES: Record<string, string> = {
  '/petition/': 'petition',
  '/petition/receipt/': 'receipt',
  '/track/': 'track',
  '/404.html': '404',
};
/** The Assets port as the Node server and Pages give it: the shells, 404 for anything else. */
const env = {
  ASSETS: {
    fetch(input: Request | string) {
      const name = FIXTURES[new URL(typeof input === 'string' ? input : input.url).pathname];
      return Promise.resolve(
        name
          ? new Response(shell(name), { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"x"' } })
          : new Response('not found', { status: 404 }),
      );
    },
  },
} as unknown as Env;

/** Hostile text: markup, an entity typed as such, both quotes, and the end of a textarea. */
const HOSTILE = `<script>alert("x")</script> &lt; 'q' </textarea><img src=x onerror=alert(1)>`;
/** The same text as it must appear as element content (quotes need no escaping there). */
const AS_TEXT = `&lt;script&gt;alert("x")&lt;/script&gt; &amp;lt; 'q' &lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;`;
/** ... and as the html template writes it (it escapes both quotes too). */
const AS_TEMPLATE_TEXT =
  '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;lt; &#39;q&#39; &lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;';

/** Elements of these kinds in a page, as a parser sees it: hostile text must never create one. */
const elementsNamed = (s: string, ...names: string[]) => new HtmlPage(s).all((e) => names.includes(e.name)).length;
const countScripts = (s: string) => elementsNamed(s, 'script', 'img');

describe('HtmlPage edits only what it is asked to', () => {
  it('gives every shell back byte for byte when nothing is edited', () => {
    for (const name of Object.values(FIXTURES)) expect(new HtmlPage(shell(name)).toString()).toBe(shell(name));
  });

  it('keeps the untouched attributes, the quoting and "/>" of an edited tag', () => {
    const page = new HtmlPage(`<p><input  id=a data-x='1' checked checked type="text" /></p>`);
    const input = page.first((e) => e.name === 'input')!;
    input.setAttribute('value', HOSTILE).removeAttribute('checked').setAttribute('data-x', '"2"');
    expect(page.toString()).toBe(
      `<p><input  id=a data-x="&quot;2&quot;" type="text" value="<script>alert(&quot;x&quot;)</script> &amp;lt; 'q' </textarea><img src=x onerror=alert(1)>" /></p>`,
    );
    expect(input.getAttribute('value')).toBe(HOSTILE);
    // An edited tag ends as HTMLRewriter wrote it, so filled pages stay as they were.
    const tight = new HtmlPage('<input name="a"/><br\n>');
    tight.first((e) => e.name === 'input')!.setAttribute('value', 'x');
    tight.first((e) => e.name === 'br')!.setAttribute('hidden', '');
    expect(tight.toString()).toBe('<input name="a" value="x" /><br hidden="">');
  });

  it('escapes text, refuses plain strings as markup, and drops edits inside a removed element', () => {
    const page = new HtmlPage('<div><p id="a">x</p><p id="b">y</p><textarea></textarea></div>');
    page.first((e) => e.getAttribute('id') === 'a')!.setText(HOSTILE);
    const b = page.first((e) => e.getAttribute('id') === 'b')!;
    b.setAttribute('class', 'gone');
    b.remove();
    page.first((e) => e.name === 'textarea')!.setText(HOSTILE);
    expect(page.toString()).toBe(`<div><p id="a">${AS_TEXT}</p><textarea>${AS_TEXT}</textarea></div>`);
    expect(() => page.first((e) => e.name === 'div')!.setHtml('<b>x</b>' as never)).toThrow(TypeError);
  });

  it('finds elements the way the browser nests them: void, implied ends, raw text', () => {
    const page = new HtmlPage(
      '<main><h1>t</h1><ul><li>a<li>b</ul><script>if (a<b) document.write("<h1>")</script><svg><path d="0"/></svg></main>',
    );
    expect(page.all((e) => e.name === 'h1')).toHaveLength(1);
    const [a, b] = page.all((e) => e.name === 'li');
    a!.setText('1');
    b!.setText('2');
    page.first((e) => e.name === 'path')!.after(html`<g></g>`);
    expect(page.toString()).toBe(
      '<main><h1>t</h1><ul><li>1<li>2</ul><script>if (a<b) document.write("<h1>")</script><svg><path d="0"/><g></g></svg></main>',
    );
  });
});

describe('the petition page after a form post with mistakes', () => {
  const values = {
    submissionId: 'f0e1d2c3-0000-4000-8000-000000000000',
    name: '',
    phone: '12',
    title: HOSTILE,
    facts: `第一行\n第二行 & "引号" ${HOSTILE}`,
    kind: 'accusation',
    region: 'heping',
    otherProcedure: 'litigation',
    declaration: 'on',
    privacyConsent: false,
    website: 'http://spam.example/',
  };
  const errors = { phone: '请填写 11 位手机号码', name: '请填写姓名', form: `<b>${HOSTILE}</b>` };
  const out = renderPetitionWithErrors(shell('petition'), errors, values);

  it('has the error summary first in #petition-errors, with links to the fields, messages as text', () => {
    expect(out).toContain('<title>错误：网上信访');
    expect(out).toMatch(/<div id="petition-errors"[^>]*>\s*<div class="error-summary" role="alert"/);
    expect(out).toContain('提交未成功，请修改以下 3 处内容');
    expect(out).toContain(`<li>&lt;b&gt;${AS_TEMPLATE_TEXT}&lt;/b&gt;</li>`);
    expect(out.indexOf('href="#petition-name"')).toBeLessThan(out.indexOf('href="#petition-phone"'));
    expect(out).toContain(
      'id="petition-phone" name="phone" type="tel" aria-describedby="petition-phone-error" aria-invalid="true" value="12" />',
    );
  });

  it('puts back what was typed, escaped, and nothing of the honeypot', () => {
    expect(out).toContain(
      `name="title" type="text" value="<script>alert(&quot;x&quot;)</script> &amp;lt; 'q' </textarea><img src=x onerror=alert(1)>" />`,
    );
    expect(out).toContain(`第一行\n第二行 &amp; "引号" ${AS_TEXT}</textarea>`);
    expect(out).toMatch(/value="accusation" checked="" \/>/);
    expect(out).toMatch(/<option value="heping" selected="">/);
    expect(out).toMatch(/<option value="none">没有<\/option>\s*<option value="litigation" selected="">/);
    expect(out).toMatch(/id="petition-declaration" name="declaration" checked="" \/>/);
    expect(out).toMatch(/id="petition-privacyConsent" name="privacyConsent" \/>/);
    expect(out).toContain(`name="submissionId" id="petition-submissionId" value="${values.submissionId}"`);
    expect(out).not.toContain('spam.example');
    expect(countScripts(out)).toBe(0);
    expect(elementsNamed(out, 'textarea')).toBe(elementsNamed(shell('petition'), 'textarea'));
  });
});

describe('the tracking page', () => {
  it('opened from the receipt link: the code in its field; anything else leaves the page as built', async () => {
    const code = generateCode();
    const ok = await handleTrackPage(new Request(`${ORIGIN}/track/?code=${code.toLowerCase()}`), env);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('etag')).toBeNull();
    expect(await ok.text()).toContain(`name="code" type="text" value="${formatCode(code)}" />`);
    const junk = await (await handleTrackPage(new Request(`${ORIGIN}/track/?code="><script>`), env)).text();
    expect(junk).toBe(shell('track'));
  });

  it('after a form post: the result block filled, the typed code back in its field, escaped', async () => {
    const r = await handleTrack(
      new Request(`${ORIGIN}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'code=x',
      }),
      env,
      () => undefined,
    );
    expect(r.status).toBe(415);
    const page = await r.text();
    expect(page).toMatch(
      /<div data-track="result" aria-live="polite"><div class="error-summary" role="alert"><h2 id="track-result-title" tabindex="-1" autofocus>没有查到结果<\/h2><p>[^<]+<\/p><\/div><\/div>/,
    );
  });

  it('renders a found case with every field as text, notices with their details, and the follow-up forms', () => {
    const notice = {
      seq: 1,
      type: 'extend',
      at: '2026-11-20T02:00:00.000Z',
      date: '2026-11-20',
      label: HOSTILE,
      explanation: HOSTILE,
      article: 34,
      articleLabel: '第三十四条',
      articleHref: `/law/x/?a="b"&c=<d>`,
      details: [{ label: '延期理由', value: HOSTILE }],
    };
    const result = {
      code: '2345-678A-BCDE',
      stage: 'original',
      stageLabel: '信访事项',
      statusLabel: HOSTILE,
      statusExplanation: HOSTILE,
      next: { label: HOSTILE, due: '2026-12-01', daysLeftText: HOSTILE, party: 'office', article: 34 },
      notices: [notice],
      events: [],
      rating: { given: null, canRate: true },
      review: {
        stage: 'review',
        open: true,
        due: '2026-12-20',
        daysLeft: 3,
        reason: null,
        startKnown: true,
        countsFrom: '',
        receivedOn: '2026-11-20',
      },
      parent: null,
      linked: [],
    } as unknown as TrackResult;
    const block = renderTrackResult({ kind: 'found', result }, `1234"><script>`).toString();
    expect(countScripts(block)).toBe(0);
    expect(block).toContain(`查询码 <span class="code-nowrap">2345-678A-BCDE</span>：${AS_TEMPLATE_TEXT}</h2>`);
    expect(block).toContain('<a href="/law/x/?a=&quot;b&quot;&amp;c=&lt;d&gt;">《信访工作条例》第三十四条</a>');
    // Finding 2: the 延期理由 is on the page, not only in the API answer and the mail.
    expect(block).toContain(`<dt>延期理由</dt><dd>${AS_TEMPLATE_TEXT}</dd>`);
    expect(block).toContain('<form method="post" action="/api/track/rate">');
    expect(block).toContain('<form method="post" action="/api/track/review">');
    expect(block).toContain(`<input type="hidden" name="phoneLast4" value="1234&quot;&gt;&lt;script&gt;">`);
    const page = new HtmlPage(shell('track'));
    page.first((e) => e.getAttribute('data-track') === 'result')!.setHtml(renderTrackResult({ kind: 'found', result }));
    expect(page.toString()).toContain('<div data-track="result" aria-live="polite"><h2 id="track-result-title"');
  });
});

describe('the receipt page and its 404', () => {
  it('fills marked elements with text, a link and markup, and removes what is asked', () => {
    const out = fillMarked(
      shell('receipt'),
      'data-receipt',
      {
        code: { text: '2345-678A-BCDE' },
        title: { text: HOSTILE },
        'track-url': { href: `${ORIGIN}/track/?code="x"&y`, text: `${ORIGIN}/track/?code="x"&y` },
        qr: { html: raw('<svg role="img"></svg>') },
        deadlines: { html: html`<li>${HOSTILE}</li>` },
        'email-note': { remove: true },
        constructor: { text: 'never' },
      },
      ['data-receipt-placeholder'],
    );
    expect(out).toContain('<p class="receipt-code" data-receipt="code">2345-678A-BCDE</p>');
    expect(out).toContain(`<dd data-receipt="title">${AS_TEXT}</dd>`);
    expect(out).toContain(
      `<a data-receipt="track-url" href="${ORIGIN}/track/?code=&quot;x&quot;&amp;y">${ORIGIN}/track/?code="x"&amp;y</a>`,
    );
    expect(out).toContain('<div data-receipt="qr"><svg role="img"></svg></div>');
    expect(out).toContain(`<ul data-receipt="deadlines"><li>${AS_TEMPLATE_TEXT}</li></ul>`);
    expect(out).not.toContain('email-note');
    expect(out).not.toContain('data-receipt-placeholder');
    expect(out).not.toContain('never');
  });

  it('a receipt link that is not valid gets the 404 shell with the message under its heading', async () => {
    const r = await handleReceipt(new Request(`${ORIGIN}/petition/receipt/?code=<script>&t=1`), env);
    expect(r.status).toBe(404);
    const out = await r.text();
    expect(out).toContain(`<h1>页面不存在</h1><p class="page-message">${RECEIPT_NOT_FOUND}</p>`);
    expect(out).not.toContain('<script>');
  });
});

describe('mails', () => {
  const facts: ReceiptFacts = {
    code: '2345678ABCDE',
    codeFormatted: '2345-678A-BCDE',
    receivedAt: '2026年11月20日 10:00',
    kind: '申诉求决',
    title: HOSTILE,
    trackUrl: `${ORIGIN}/track/?code=2345678ABCDE&x="y"`,
    deadlines: [{ label: HOSTILE, when: '2026年12月4日', basis: '《信访工作条例》第二十二条' }],
  };

  it('the receipt and the staff notice: the citizen text escaped, the text part as typed', () => {
    const receipt = renderReceiptMail(facts);
    expect(receipt.html).toContain(`<td>${AS_TEMPLATE_TEXT}</td>`);
    expect(receipt.html).toContain(`<li>${AS_TEMPLATE_TEXT}：2026年12月4日（《信访工作条例》第二十二条）</li>`);
    expect(receipt.html).toContain(`<a href="${ORIGIN}/track/?code=2345678ABCDE&amp;x=&quot;y&quot;">`);
    expect(receipt.html).toMatch(/^<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>信访事项回执/);
    expect(receipt.text).toContain(`标题：${HOSTILE}`);
    const staff = renderStaffMail(facts, { region: 'x', issueArea: 'y', attachmentCount: 2 }, ORIGIN);
    expect(staff.html).toContain(`<td>${AS_TEMPLATE_TEXT}</td>`);
    expect(staff.html).toContain('<td>2 个</td>');
    for (const m of [receipt, staff]) expect(countScripts(m.html)).toBe(0);
  });

  it('the sign-in link and the status notice', () => {
    const login = renderLoginMail(HOSTILE, `${ORIGIN}/staff/login/?token=a"b`);
    expect(login.html).toContain(`<p>${AS_TEMPLATE_TEXT}：</p>`);
    expect(login.html).toContain(`<a href="${ORIGIN}/staff/login/?token=a&quot;b">`);
    const notice = {
      label: HOSTILE,
      explanation: HOSTILE,
      at: '2026-11-20T02:00:00.000Z',
      article: 22,
      details: [
        { label: '单位', value: HOSTILE },
        { label: '理由', value: 'x' },
      ],
    } as unknown as PublicNotice;
    const status = renderStatusMail('2345-678A-BCDE', `${ORIGIN}/track/?code=2345678ABCDE`, notice);
    expect(status.html).toContain(`<p>单位：${AS_TEMPLATE_TEXT}</p>\n<p>理由：x</p>\n<p>依据：`);
    expect(status.text).toContain(`单位：${HOSTILE}`);
    for (const m of [login, status]) {
      expect(countScripts(m.html)).toBe(0);
      expect(m.html).toContain('\u3000本邮件由系统自动发送');
    }
  });
});

describe('small pages', () => {
  it('the local outbox lists each mail as text', () => {
    const entry = {
      id: 'mail-1',
      subject: HOSTILE,
      to: 'a"b@example.com',
      kind: 'receipt',
      status: 'failed' as const,
      attempts: 3,
      lastError: HOSTILE,
      createdAt: '2026-11-20T02:00:00.000Z',
      text: HOSTILE,
    };
    const page = outboxPage([entry, { ...entry, lastError: null }], false).toString();
    expect(page).toContain(`<h2>${AS_TEMPLATE_TEXT}</h2>`);
    expect(page).toContain(`<dd>发送失败（尝试 3 次）：${AS_TEMPLATE_TEXT}</dd>`);
    expect(page).toContain('<dd>a&quot;b@example.com</dd>');
    expect(page).toContain(`<pre>${AS_TEMPLATE_TEXT}</pre>\n<p><a href="/dev/outbox/`);
    expect(page).toContain(`</a></p>\n</article>\n<article class="mail">`);
    expect(countScripts(page)).toBe(0);
    expect(outboxPage([], true).toString()).toContain('<p>最近 0 封。</p><p>发件箱是空的。</p>');
  });

  it('the staff sign-in page echoes only a well-formed token', async () => {
    const token = 'A'.repeat(42) + '_';
    const ok = await renderLoginPage(new Request(`${ORIGIN}/staff/login/?token=${token}`)).text();
    expect(ok).toContain(`<input type="hidden" name="token" value="${token}">`);
    const bad = await renderLoginPage(
      new Request(`${ORIGIN}/staff/login/?token=${encodeURIComponent(`"><script>${'A'.repeat(40)}`)}&error=1`),
    ).text();
    expect(countScripts(bad)).toBe(0);
    expect(bad).toContain('<div class="alert" role="alert"><p>');
    expect(bad).toContain('<input id="email" name="email" type="email" autocomplete="email" required>');
  });
});

describe('the reception filter', () => {
  const page = `<!doctype html><html><body>
<ul data-reception-list="home" data-reception-limit="1">
<li data-reception-ends="2026-11-26T03:30:00Z" data-reception-when="upcoming" data-reception-list="home">soon &amp; near</li>
<li data-reception-ends="2026-12-03T04:00:00Z" data-reception-when="upcoming" data-reception-list="home" hidden>later</li>
</ul>
<p data-reception-empty="home" hidden>暂无安排</p>
<ol data-reception-list="past" hidden>
<li data-reception-ends="2026-11-26T03:30:00Z" data-reception-when="past" data-reception-list="past" hidden>soon, ended</li>
</ol>
<p data-reception-empty="past">暂无记录</p>
</body></html>`;
  const asResponse = () => new Response(page, { headers: { 'content-type': 'text/html', etag: '"e"' } });

  it('before the first ends: shows it, keeps the later one out (limit 1), archive empty', async () => {
    const r = await filterReceptionPage(asResponse(), new Date('2026-11-25T00:00:00Z'));
    const out = await r.text();
    expect(out).toContain(
      '<li data-reception-ends="2026-11-26T03:30:00Z" data-reception-when="upcoming" data-reception-list="home">soon &amp; near</li>\n\n</ul>',
    );
    expect(out).toContain('<p data-reception-empty="home" hidden="">暂无安排</p>');
    expect(out).toContain('<ol data-reception-list="past" hidden="">\n\n</ol>');
    expect(out).toContain('<p data-reception-empty="past">暂无记录</p>');
    expect(r.headers.get('etag')).toBeNull();
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('after it ended: it moves to the archive and the later one is shown', async () => {
    const out = await (await filterReceptionPage(asResponse(), new Date('2026-11-27T00:00:00Z'))).text();
    expect(out).not.toContain('soon &amp; near');
    expect(out).toContain(
      '<li data-reception-ends="2026-12-03T04:00:00Z" data-reception-when="upcoming" data-reception-list="home">later</li>',
    );
    expect(out).toContain(
      '<ol data-reception-list="past">\n<li data-reception-ends="2026-11-26T03:30:00Z" data-reception-when="past" data-reception-list="past">soon, ended</li>',
    );
    expect(out).toContain('<p data-reception-empty="past" hidden="">暂无记录</p>');
  });

  it('leaves anything that is not an HTML page alone', async () => {
    const css = new Response('a{}', { headers: { 'content-type': 'text/css' } });
    expect(await filterReceptionPage(css, new Date())).toBe(css);
  });
});
