import { describe, expect, it } from 'vitest';
import { receipt, submitOk } from './helpers';
import { RECEIPT_NOT_FOUND } from '../../src/server/petition-routes';

describe('the receipt (回执) page', () => {
  it('fills the shell: grouped code, time in Asia/Shanghai, kind, escaped title, tracking link, QR code, time limits', async () => {
    const { code, receiptUrl } = await submitOk({ kind: 'claim', title: '<b>拖欠</b> & 工资' });
    const r = await receipt(receiptUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-robots-tag')).toBe('noindex');
    const html = await r.text();
    expect(html).toContain(`<p class="receipt-code" data-receipt="code">${code}</p>`);
    expect(html).toMatch(/data-receipt="received-at">\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d</);
    expect(html).toContain('data-receipt="kind">申诉求决<');
    expect(html).toContain('data-receipt="title">&lt;b&gt;拖欠&lt;/b&gt; &amp; 工资<');
    // The tracking link carries the receipt's tag (issue 12, finding 3).
    const t = new URL(receiptUrl, 'https://xinfang.example').searchParams.get('t')!;
    expect(html).toContain(
      `data-receipt="track-url" href="https://xinfang.example/track/?code=${code}&amp;t=${t}">https://xinfang.example/track/?code=${code}&amp;t=${t}</a>`,
    );
    expect(html).toMatch(
      /data-receipt="qr"><svg role="img" aria-label="进度查询二维码：[^"]+"[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    expect(html).toContain('第二十二条');
    expect(html).toContain('第二十三条');
    expect(html).toContain('第三十四条');
    expect(html).toContain('回执已同时发送到您填写的电子邮箱');
    expect(html).not.toContain('data-receipt-placeholder');
    expect(html).not.toContain('张三');
    expect(html).not.toContain('13812345678');
  });

  it('shows the 60-day limit only for 申诉求决 matters, and no email note without email', async () => {
    const { receiptUrl } = await submitOk({ kind: 'suggestion', email: '' });
    const html = await (await receipt(receiptUrl)).text();
    expect(html).not.toContain('第三十四条');
    expect(html).not.toContain('data-receipt="email-note"');
  });

  it('a wrong, missing or forged tag gives a friendly 404 in Chinese, for real and unknown codes alike', async () => {
    const { receiptUrl } = await submitOk();
    const url = new URL(receiptUrl, 'https://x');
    const code = url.searchParams.get('code')!;
    for (const bad of [
      `/petition/receipt/?code=${code}`,
      `/petition/receipt/?code=${code}&t=0000000000000000`,
      `/petition/receipt/?code=${code}&t=<script>`,
      '/petition/receipt/',
      '/petition/receipt/?code=2345678ABCDE&t=abcdefabcdefabcd',
    ]) {
      const r = await receipt(bad);
      expect(r.status).toBe(404);
      const html = await r.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain(RECEIPT_NOT_FOUND);
    }
  });
});
