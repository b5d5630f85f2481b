/**
 * The public 三率 page (/stats/): the static shell from dist/ (src/pages/stats/index.astro) with the
 * figures filled in by the server into [data-stats="body"], so it reads without JavaScript. A small
 * SVG bar chart per rate sits beside a table with the same numbers; the chart is hidden from screen
 * readers (aria-hidden) because the table says everything it shows.
 */
import { RATE_KEYS, RATE_LABELS, type PublicCell, type RateKey } from '../lib/rates';
import { fetchShell, htmlResponse } from './html-shell';
import { html, type Html } from './html';
import { HtmlPage } from './html-rewriter';
import type { Env } from './env';
import type { PublicRow, PublicStats } from './stats';

const cellText = (c: PublicCell, suppressBelow: number): string =>
  c.suppressed ? `不足 ${suppressBelow} 件，不公布` : c.rate === null ? '暂无' : `${c.rate.toFixed(1)}%`;

const denText = (c: PublicCell, suppressBelow: number): string =>
  c.den === null ? `少于 ${suppressBelow} 件` : String(c.den);

function table(caption: string, head: string, rows: readonly PublicRow[], s: PublicStats): Html {
  return html`<div class="table-scroll"><table class="stats-table">
<caption>${caption}</caption>
<thead><tr><th scope="col">${head}</th>${RATE_KEYS.map(
    (k) => html`<th scope="col">${RATE_LABELS[k]}</th><th scope="col">${RATE_LABELS[k]}的基数（件）</th>`,
  )}</tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row">${r.label}</th>${RATE_KEYS.map(
        (k) =>
          html`<td data-rate="${k}" data-suppressed="${r.rates[k].suppressed ? '1' : '0'}">${cellText(r.rates[k], s.suppressBelow)}</td><td>${denText(r.rates[k], s.suppressBelow)}</td>`,
      )}</tr>`,
  )}</tbody></table></div>`;
}

/** One rate over the months as bars; months without a shown figure get no bar and a gap label. */
function chart(key: RateKey, s: PublicStats): Html {
  const w = 24;
  const gap = 6;
  const h = 100;
  const width = s.months.length * (w + gap) + gap;
  return html`<figure class="stats-chart">
<svg viewBox="0 0 ${width} ${h + 20}" width="${width}" height="${h + 20}" aria-hidden="true" focusable="false">
<line x1="0" y1="${h}" x2="${width}" y2="${h}" stroke="currentColor" stroke-width="1"/>
${s.months.map((m, i) => {
  const c = m.rates[key];
  const x = gap + i * (w + gap);
  const label = m.key.slice(5);
  return c.rate === null
    ? html`<text x="${x + w / 2}" y="${h - 4}" text-anchor="middle" font-size="9">—</text><text x="${x + w / 2}" y="${h + 14}" text-anchor="middle" font-size="10">${label}</text>`
    : html`<rect x="${x}" y="${h - c.rate}" width="${w}" height="${c.rate}" fill="currentColor" opacity="0.75"/><text x="${x + w / 2}" y="${h + 14}" text-anchor="middle" font-size="10">${label}</text>`;
})}
</svg>
<figcaption>${RATE_LABELS[key]}（按月，柱高为百分比；“—”表示暂无或不公布，具体数字见下表）</figcaption>
</figure>`;
}

export function renderStatsBody(s: PublicStats): Html {
  return html`<section aria-labelledby="stats-summary">
<h2 id="stats-summary">${s.from.slice(0, 4)}年${Number(s.from.slice(5))}月至${s.to.slice(0, 4)}年${Number(s.to.slice(5))}月合计</h2>
<p class="notice-box" data-stats="suppression">${s.note}</p>
<dl class="stats-summary">${RATE_KEYS.map(
    (k) =>
      html`<div><dt>${RATE_LABELS[k]}</dt><dd data-rate="${k}">${cellText(s.total.rates[k], s.suppressBelow)}</dd></div>`,
  )}</dl>
<p>数据计算于 ${s.computedAt.slice(0, 10)}。同样的数字也以 JSON 格式公开：<a href="/api/stats/rates?from=${s.from}&amp;to=${s.to}">/api/stats/rates</a>。</p>
</section>
<section aria-labelledby="stats-months">
<h2 id="stats-months">按月</h2>
<div class="stats-charts">${RATE_KEYS.map((k) => chart(k, s))}</div>
${table('各月的三率和参评率', '月份', s.months, s)}
</section>
<section aria-labelledby="stats-regions">
<h2 id="stats-regions">按乡镇（街道）</h2>
${table('各乡镇（街道）的三率和参评率（所选月份合计）', '乡镇（街道）', s.regions, s)}
</section>
<section aria-labelledby="stats-areas">
<h2 id="stats-areas">按问题类别</h2>
${table('各问题类别的三率和参评率（所选月份合计）', '问题类别', s.areas, s)}
</section>`;
}

/** GET /stats/: the shell with the figures. */
export async function statsPage(request: Request, env: Env, stats: PublicStats): Promise<Response> {
  const page = new HtmlPage(await fetchShell(env.ASSETS, request.url, '/stats/index.html', '信访工作三率公开'));
  const body = page.first((el) => el.getAttribute('data-stats') === 'body');
  if (body) body.setHtml(renderStatsBody(stats));
  else page.first((el) => el.name === 'h1')?.after(renderStatsBody(stats));
  // Public figures: anyone may cache them for a few minutes; they hold no personal data.
  return htmlResponse(page.toString(), 200, { 'cache-control': 'public, max-age=300' });
}
