/**
 * The search dictionary: multi-character terms of the petition domain that must match only as a whole.
 *
 * Why: Pagefind 1.6 segments Chinese with a general dictionary at index time and Intl.Segmenter at
 * query time; neither knows 信访, so 信访事项 becomes 信|访|事项 and prefix matching on 信 finds 来信,
 * 写信, 信用… The fix is applied on both sides with this one list:
 * - indexing (scripts/build-search.mjs): after every occurrence of a term in a page's text, a marker
 *   token (e.g. `qxkdtwbme`) is inserted, so Pagefind indexes the whole term as one word at the right
 *   position, inside the right heading (keeping heading weight and per-article sub-results);
 * - querying (src/lib/search-query.ts): the query is segmented by forward maximum matching against
 *   the same list and each term is replaced by its marker, so only pages with the whole term match.
 * Markers never reach the reader: stripMarkers() removes them from titles and excerpts.
 *
 * No imports: Node runs this file directly (type stripping) from the build script.
 */

/** Content types of the search filter; must equal BaseLayout's SearchType. UI options derive from this. */
export const SEARCH_TYPES = ['法规', '指南', '接访安排', '公告'] as const;
export type SearchTypeName = (typeof SEARCH_TYPES)[number];

/**
 * Domain terms, two characters or more. Add a term when citizens search for it and it is not an
 * everyday word that Intl.Segmenter keeps whole. Order does not matter; longer terms win on overlap.
 */
// Grouped by topic, several per line, so staff can scan and extend the list.
// prettier-ignore
export const SEARCH_TERMS = [
  // The regulation and the institutions
  '信访工作条例', '信访条例', '信访', '信访工作', '信访部门', '信访机构', '信访局', '信访办', '信访事项', '信访人',
  '信访渠道', '信访秩序', '信访工作联席会议', '联席会议', '属地管理', '分级负责', '纪检监察', '纪委',
  '监委', '纪委监委', '人民法院', '人民检察院', '上一级',
  // Channels (Art. 17) and reception
  '网上信访', '信息网络', '书信', '来信', '来访', '走访', '多人走访', '电话', '传真', '接访', '接访日', '领导接访',
  '领导接访日', '领导干部接访', '视频接访', '下访', '约访', '接待', '接待中心', '来访接待', '代表', '预约', '登记',
  // Kinds of matter (Art. 29–31) and other legal routes
  '建议意见', '检举控告', '申诉求决', '检举', '控告', '举报', '投诉', '申诉', '求决', '投诉请求', '诉讼', '仲裁',
  '劳动仲裁', '行政复议', '行政裁决', '行政确认', '行政许可', '行政处罚', '法律援助', '涉法涉诉', '党员申诉',
  // Procedure and time limits (Art. 22–36)
  '受理', '不予受理', '不再受理', '登记', '转送', '交办', '办理', '办结', '办理期限', '期限', '延长', '书面答复',
  '书面告知', '告知', '处理意见', '处理意见书', '复查', '复查意见', '复核', '复核意见', '听证', '调解', '和解',
  '督办', '督查', '督促', '追责', '问责', '初信初访', '重复信访', '越级', '越级走访', '集体访',
  // Online service
  '查询码', '回执', '满意度', '评价', '进度', '查询', '网上查询', '实名', '匿名', '身份证', '附件', '证据', '材料',
  '联系方式', '工作日', '节假日', '法定节假日',
] as const;

export type SearchTerm = (typeof SEARCH_TERMS)[number];

/**
 * Words that carry no meaning in a citizen's question, dropped so they do not narrow the search.
 * Only where they cannot be part of a word: question words and pronouns at the start (怎样申请 ->
 * 申请), particles at the end (受理的 -> 受理), conjunctions only when they stand alone (a leading 和
 * would break 和平镇, a leading 有 would break 有关).
 */
// prettier-ignore
export const QUERY_STOPWORDS = {
  leading: ['请问', '我想', '我要', '我们', '我', '您', '你', '怎么', '怎样', '如何', '什么', '哪些', '哪里', '哪个', '可以', '能不能', '是否', '应该', '需要'],
  trailing: ['的', '了', '吗', '呢', '吧', '啊', '怎么办', '怎么样', '是什么', '有哪些', '在哪里', '多久', '多少', '什么'],
  alone: ['和', '与', '及', '或', '有', '要', '想', '能', '是', '在'],
} as const;

const TERMS: readonly string[] = [...new Set<string>(SEARCH_TERMS)].sort((a, b) => b.length - a.length);
for (const t of TERMS) {
  // Queries are split at punctuation and spaces, so a term containing them could never be typed whole.
  if (t.length < 2 || /[\s\p{P}\p{S}]/u.test(t))
    throw new Error(`search-terms: "${t}" must be two or more characters without spaces or punctuation`);
}

/** Marker prefix; no Chinese or English text starts a word with "qx". */
const MARKER_PREFIX = 'qx';
const MARKER_LETTERS = 7;
/** Matches one marker with the whitespace build-search puts around it. */
export const MARKER_PATTERN = /\s?qx[a-z]{7}\s?/g;

/**
 * The marker token of a term: "qx" + 7 letters from a 32-bit FNV-1a hash. Letters only, because the
 * indexer splits letters from digits; fixed width, because Pagefind prefix-matches query words and a
 * shorter marker would match longer ones.
 */
export function termCode(term: string): string {
  let h = 0x811c9dc5;
  for (const ch of term) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < MARKER_LETTERS; i++) {
    out += String.fromCharCode(97 + (h % 26));
    h = Math.floor(h / 26) ^ (Math.imul(h, 31 + i) >>> 0);
    h >>>= 0;
  }
  return MARKER_PREFIX + out;
}

const CODE_OF = new Map<string, string>();
for (const t of TERMS) {
  const code = termCode(t);
  const clash = [...CODE_OF.entries()].find(([, c]) => c === code);
  if (clash) throw new Error(`search-terms: ${t} and ${clash[0]} share the marker ${code}; rename or reorder a term`);
  CODE_OF.set(t, code);
}

/** Dictionary terms grouped by first character, longest first, for fast scanning. */
const BY_FIRST = new Map<string, string[]>();
for (const t of TERMS) {
  const first = t[0]!;
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), t]);
}

/** Marker of a dictionary term, or undefined if the word is not in the dictionary. */
export function markerOf(term: string): string | undefined {
  return CODE_OF.get(term);
}

/** Every dictionary term occurring in text (overlaps included), with where it ends. */
export function findTerms(text: string): { term: string; start: number; end: number }[] {
  const found: { term: string; start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const t of BY_FIRST.get(text[i]!) ?? []) {
      if (text.startsWith(t, i)) found.push({ term: t, start: i, end: i + t.length });
    }
  }
  return found;
}

/**
 * Text for the indexer: after each dictionary term, a space-delimited marker. The visible text is
 * unchanged once stripMarkers() runs.
 */
export function annotateText(text: string): string {
  const found = findTerms(text);
  if (found.length === 0) return text;
  const byEnd = new Map<number, string[]>();
  for (const f of found) byEnd.set(f.end, [...(byEnd.get(f.end) ?? []), CODE_OF.get(f.term)!]);
  let out = '';
  let last = 0;
  for (const end of [...byEnd.keys()].sort((a, b) => a - b)) {
    out += text.slice(last, end);
    for (const code of byEnd.get(end)!) out += ` ${code} `;
    last = end;
  }
  return out + text.slice(last);
}

/** Removes markers (and Pagefind's zero-width word separators) from text shown to people. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER_PATTERN, '').replace(/\u200b/g, '');
}

/** One piece of a segmented query. */
export interface QueryPart {
  /** The text as the person typed it. */
  text: string;
  /** True for a dictionary term (matched whole through its marker). */
  term: boolean;
}

/**
 * Splits a query into dictionary terms (forward maximum matching) and the remaining text, dropping
 * punctuation and stopwords. "领导接访日 时间" -> [领导接访日 (term), 时间].
 */
export function segmentQuery(query: string): QueryPart[] {
  const parts: QueryPart[] = [];
  const chunks = query
    .normalize('NFKC')
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean);
  for (const chunk of chunks) {
    let rest = '';
    const flush = () => {
      for (const word of splitStopwords(rest)) parts.push({ text: word, term: false });
      rest = '';
    };
    for (let i = 0; i < chunk.length;) {
      const hit = (BY_FIRST.get(chunk[i]!) ?? []).find((t) => chunk.startsWith(t, i));
      if (hit) {
        flush();
        parts.push({ text: hit, term: true });
        i += hit.length;
      } else {
        rest += chunk[i];
        i++;
      }
    }
    flush();
  }
  // The same term typed twice narrows nothing.
  return parts.filter((p, i) => parts.findIndex((q) => q.text === p.text) === i);
}

/** Removes stopwords where they cannot be part of a word (see QUERY_STOPWORDS). */
function splitStopwords(run: string): string[] {
  const byLength = (a: string, b: string) => b.length - a.length;
  const leading = [...QUERY_STOPWORDS.leading].sort(byLength);
  const trailing = [...QUERY_STOPWORDS.trailing].sort(byLength);
  let word = run;
  for (let changed = true; changed && word;) {
    changed = false;
    const lead = leading.find((w) => word.length > w.length && word.startsWith(w));
    if (lead) {
      word = word.slice(lead.length);
      changed = true;
      continue;
    }
    const trail = trailing.find((w) => word.length > w.length && word.endsWith(w));
    if (trail) {
      word = word.slice(0, -trail.length);
      changed = true;
    }
  }
  const alone = [...QUERY_STOPWORDS.leading, ...QUERY_STOPWORDS.trailing, ...QUERY_STOPWORDS.alone] as string[];
  return word && !alone.includes(word) ? [word] : [];
}

/**
 * The dictionary terms inside a longer term, keeping only those not contained in another
 * (领导接访日 -> 领导接访, 接访日). Used when no page has the long term itself.
 */
export function subTerms(term: string): string[] {
  const inner = findTerms(term).filter((f) => f.term !== term);
  return inner
    .filter((f) => !inner.some((g) => g !== f && g.start <= f.start && g.end >= f.end && g.term.length > f.term.length))
    .map((f) => f.term)
    .filter((t, i, all) => all.indexOf(t) === i);
}
