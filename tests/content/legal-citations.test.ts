// Every citation of 《信访工作条例》 the portal shows carries the words it rests on, and those words
// stand verbatim in the article (paragraph, item) it names in the official text in content/law.
// A wrong article number, paragraph or item fails here. docs/legal-claims.md, the table the
// office's legal reviewer signs off, must match the source.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  CLAIMS_FILE,
  checkCitation,
  collectClaims,
  findProblems,
  readLaw,
  renderTable,
} from '../../scripts/legal-claims.mjs';
import { DEADLINE_RULES, DIRECT_NOTICE_RULE } from '../../src/lib/deadlines';

interface Claim {
  file: string;
  kind: 'cite' | 'guidance' | 'bare';
  article?: number;
  quote?: string;
}

const law = readLaw();
const collected = collectClaims();
const claims = collected as unknown as Claim[];

describe('citations of 《信访工作条例》', () => {
  it('are found in pages, guides, the channel finder, the workflow and the deadlines', () => {
    const cites = claims.filter((c) => c.kind === 'cite');
    expect(cites.length).toBeGreaterThan(200);
    for (const file of [
      'content/guides/faq.mdx',
      'src/lib/channel-finder.ts',
      'src/lib/workflow.ts',
      'src/lib/deadlines.ts',
      'src/pages/petition/receipt.astro',
      'src/server/receipt-info.ts',
    ]) {
      expect(
        cites.some((c) => c.file === file),
        file,
      ).toBe(true);
    }
  });

  it('each quote the words of the article, paragraph and item they name', () => {
    expect(findProblems(collected, law)).toEqual([]);
  });

  it('fail on a wrong article, paragraph or item', () => {
    const quote = '信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核';
    expect(checkCitation(law, { article: 36, paragraph: 1, quote })).toBeNull();
    // The 2005 numbering, or a neighbouring article: the words are not there.
    expect(checkCitation(law, { article: 35, quote })).toMatch(/第三十五条中没有/);
    expect(checkCitation(law, { article: 36, paragraph: 2, quote })).toMatch(/第 2 款中没有/);
    expect(checkCitation(law, { article: 31, item: 2, quote: '应当通过仲裁解决的，导入相应程序处理' })).toBeNull();
    expect(checkCitation(law, { article: 31, item: 3, quote: '应当通过仲裁解决的，导入相应程序处理' })).toMatch(
      /第 3 项中没有/,
    );
    expect(checkCitation(law, { article: 22, paragraph: 2, quote: '在15日内分别按照下列方式处理' })).toMatch(
      /款中没有/,
    );
    expect(checkCitation(law, { article: 51, quote: '本条例' })).toMatch(/没有第 51 条/);
    // The 2005 wording of the notice is not in the 2022 text.
    expect(checkCitation(law, { article: 23, quote: '决定是否受理并书面告知信访人' })).not.toBeNull();
  });

  it('leave no bare article number (an <Art> without quote, a hand-written articleHref(n))', () => {
    expect(claims.filter((c) => c.kind === 'bare')).toEqual([]);
  });

  it('show next to each computed date the statute it rests on, verbatim', () => {
    for (const r of [...Object.values(DEADLINE_RULES), DIRECT_NOTICE_RULE]) {
      expect(r.statute).toBe(r.basis.quote);
      expect(checkCitation(law, r.basis), r.label).toBeNull();
      expect(r.countsFrom.length).toBeGreaterThan(4);
    }
  });

  it('are listed, as they stand, in docs/legal-claims.md (run node scripts/legal-claims.mjs)', () => {
    expect(readFileSync(CLAIMS_FILE, 'utf8')).toBe(renderTable(collected));
  });
});
