// The search dictionary's two halves must agree: what indexing inserts, querying asks for, and
// readers never see.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SEARCH_SYNONYMS,
  SEARCH_TERMS,
  annotateText,
  findTerms,
  markerOf,
  segmentQuery,
  stripMarkers,
  subTerms,
  termCode,
} from '../../src/lib/search-terms';
import { highlight, highlightWords, pagefindQuery } from '../../src/lib/search-query';

const chineseText = fc
  .array(
    fc.oneof(fc.constantFrom(...SEARCH_TERMS), fc.constantFrom('的', '人', '提出', '，', '。', '30 日', '（一）', ' ')),
    {
      maxLength: 40,
    },
  )
  .map((a) => a.join(''));

describe('markers', () => {
  it('are fixed-width lower-case letters, distinct for every term', () => {
    const codes = SEARCH_TERMS.map(termCode);
    for (const c of codes) expect(c).toMatch(/^qx[a-z]{7}$/);
    expect(new Set(codes).size).toBe(new Set(SEARCH_TERMS).size);
  });

  it('vanish from annotated text without changing it', () => {
    fc.assert(fc.property(chineseText, (text) => stripMarkers(annotateText(text)) === text));
  });

  it('follow every occurrence of every term, overlaps included', () => {
    const annotated = annotateText('信访人提出信访事项');
    expect(annotated.split(markerOf('信访')!).length - 1).toBe(2);
    expect(annotated.split(markerOf('信访事项')!).length - 1).toBe(1);
    expect(annotated.split(markerOf('信访人')!).length - 1).toBe(1);
    expect(annotated).not.toContain(markerOf('复查')!);
  });

  it('are inserted for exactly the terms found', () => {
    fc.assert(
      fc.property(chineseText, (text) => {
        const annotated = annotateText(text);
        const expected = findTerms(text).length;
        return (annotated.match(/qx[a-z]{7}/g) ?? []).length === expected;
      }),
    );
  });
});

describe('query segmentation', () => {
  it('keeps dictionary terms whole and drops edge stopwords', () => {
    expect(segmentQuery('领导接访日 时间')).toEqual([
      { text: '领导接访日', term: true },
      { text: '时间', term: false },
    ]);
    expect(segmentQuery('怎样申请复查')).toEqual([
      { text: '申请', term: false },
      { text: '复查', term: true },
    ]);
    expect(segmentQuery('信访事项受理？')).toEqual([
      { text: '信访事项', term: true },
      { text: '受理', term: true },
    ]);
    // A stopword character inside a word is part of the word.
    expect(segmentQuery('和平镇')).toEqual([{ text: '和平镇', term: false }]);
    expect(segmentQuery('的 吗 ，')).toEqual([]);
  });

  it('reads everyday words as the words of the pages (issue 11, finding 10)', () => {
    const [group, howMany] = segmentQuery('集体上访几个人');
    expect(group?.text).toBe('集体上访');
    expect(group?.forms?.map((f) => f.text)).toEqual(['集体上访', '多人走访', '集体访']);
    // A synonym that is a dictionary term is still matched whole through its marker.
    expect(group?.forms?.find((f) => f.text === '多人走访')?.term).toBe(true);
    expect(howMany?.forms?.map((f) => f.text)).toContain('代表');
    // Function words of a spoken sentence go; its content words stay, article numbers whole.
    expect(segmentQuery('已经起诉了还能信访吗').map((p) => p.text)).toEqual(['起诉', '信访']);
    expect(segmentQuery('复查 第三十五条').map((p) => p.text)).toEqual(['复查', '第三十五条']);
    expect(segmentQuery('哪些事不受理').map((p) => p.text)).toEqual(['不受理']);
  });

  it('keeps synonym keys out of the dictionary, so a term keeps its exact meaning', () => {
    for (const said of Object.keys(SEARCH_SYNONYMS)) expect(markerOf(said), said).toBeUndefined();
  });

  it('asks Pagefind for markers instead of the characters it would split', () => {
    expect(pagefindQuery(segmentQuery('信访事项 内容'))).toBe(`${markerOf('信访事项')} 内容`);
  });

  it('finds the terms inside a longer one', () => {
    expect(subTerms('领导接访日').sort()).toEqual(['接访日', '领导接访'].sort());
    expect(subTerms('复查')).toEqual([]);
  });
});

describe('highlighting', () => {
  it('marks whole query words only, on escaped text', () => {
    const words = highlightWords(segmentQuery('信访事项'));
    expect(highlight('来信说明&lt;信访事项&gt;', words)).toBe('来信说明&lt;<mark>信访事项</mark>&gt;');
  });
});
