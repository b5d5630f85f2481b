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
  '督办', '督查', '督促', '追责', '问责', '初信初访', '重复信访', '集体访',
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

/**
 * Everyday words -> the words the pages use for the same thing (issue 11, finding 10). Citizens type
 * 集体上访, 欠薪, 起诉, 多少天; the regulation and the guides say 多人走访, 工资拖欠, 诉讼, 期限. Applied at
 * query time only: a typed word on the left is searched as itself AND as each word on the right, and
 * a page containing any of them counts as containing that part of the question. Words on the right
 * that are dictionary terms are matched whole through their markers. Keys are two characters or more
 * and are found in the query by the same longest-match scan as the dictionary terms; keys must not be
 * dictionary terms themselves (a term keeps its exact meaning, so whole-term precision stays 1.00).
 * Add a line when a question people ask finds nothing (see tests/site/everyday-questions.json).
 */
// prettier-ignore
export const SEARCH_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // Going in person, groups
  上访: ['走访', '来访', '信访'], 去上访: ['走访', '来访'], 集体上访: ['多人走访', '集体访'], 群访: ['多人走访', '集体访'],
  集体: ['多人', '集体访'], 一起去: ['多人走访', '代表'], 很多人: ['多人', '多人走访'], 一群人: ['多人', '多人走访'],
  几个人: ['代表', '不超过', '人数'], 选代表: ['推选代表', '代表'], 联名: ['联名信', '联名'], 上访信: ['来信', '书信'],
  // Courts, arbitration, other routes
  起诉: ['诉讼', '打官司', '法院'], 告状: ['诉讼', '控告', '打官司'], 打官司: ['诉讼', '法院'], 判决: ['诉讼', '法院', '判决'],
  判了: ['诉讼', '法院', '判决'], 官司: ['诉讼', '打官司'], 劳动纠纷: ['劳动仲裁', '仲裁'], 复议: ['行政复议'],
  // Complaints about officials
  告当官的: ['检举控告', '公职人员', '干部'], 当官的: ['公职人员', '干部'], 村干部: ['干部', '公职人员'], 贪污: ['违纪违法', '检举控告', '举报'],
  腐败: ['违纪违法', '检举控告', '举报'], 告发: ['检举', '举报', '控告'],
  // Wages, land, everyday problems
  欠薪: ['拖欠农民工工资', '欠薪', '工资'], 欠工资: ['拖欠农民工工资', '欠薪', '工资'], 拖欠工资: ['拖欠农民工工资', '欠薪', '工资'],
  工资拖欠: ['拖欠农民工工资', '欠薪'], 讨薪: ['拖欠农民工工资', '欠薪'], 要工资: ['拖欠农民工工资', '欠薪'],
  征地: ['征地拆迁', '土地征收', '征收'], 拆迁: ['征地拆迁', '征收'], 土地征收: ['征地拆迁', '征收'], 补偿款: ['补偿', '征地拆迁'],
  // Time
  多少天: ['期限', '时限', '日内'], 几天: ['期限', '日内'], 多长时间: ['期限', '多久'], 多久: ['期限', '多久'], 时限: ['期限', '日内'],
  多长: ['期限', '多久'], 天数: ['日', '期限', '工作日'], 自然日: ['日', '工作日'], 放假: ['节假日', '法定节假日', '休假日'],
  延期: ['延长', '延期'], 拖延: ['延长', '期限'], 有消息: ['回音', '书面告知'], 有回音: ['回音', '书面告知'], 没办完: ['办结', '延长'],
  办完: ['办结', '多久能办完'], 答复: ['书面答复', '答复', '书面告知'], 回复: ['书面答复', '答复', '回音'],
  // Who and where
  找谁: ['找谁', '部门', '机关'], 哪个部门: ['部门', '机关', '找谁'], 找哪个部门: ['部门', '机关', '找谁'], 找哪里: ['部门', '机关', '地址'],
  去哪里: ['接待地点', '接待场所', '邮寄地址'], 在哪: ['接待地点', '接待场所', '邮寄地址'], 地址: ['接待地点', '邮寄地址'],
  几点: ['接待时间', '接听时间'], 上班: ['接待时间', '接听时间'], 电话号码: ['电话', '来电'], 打电话: ['电话', '来电'], 寄到: ['来信', '地址', '信封'],
  写信: ['来信', '书信', '写信'], 网上: ['网上信访', '网上'], 发传真: ['传真'],
  // Writing it down
  写哪些: ['写明', '应当写明'], 写什么: ['写明', '应当写明'], 写清楚: ['写明', '写清'], 怎么写: ['写明', '照着写'], 带什么: ['材料', '证件', '身份证'],
  // After the answer
  不满意: ['不服', '复查', '满意'], 不服: ['不服', '复查', '复核'], 再告: ['再反映', '不再受理'], 往上反映: ['向上级', '重复', '上级'],
  去北京: ['北京', '去省里'], 去省里: ['省里', '北京'], 县里不管: ['县里没解决', '县里'],
  // 越级 is how people and officials say it; the pages explain it without the word (no page has it).
  越级: ['上一级', '去省里', '去北京'], 越级走访: ['上一级', '去省里', '去北京'], 越级上访: ['上一级', '去省里', '去北京'], 查到哪: ['进度', '查询'], 办到哪: ['进度', '查询'],
  打分: ['评价', '满意度'], 忘了: ['丢了', '查询码'], 泄露: ['个人信息', '谁能看到', '保密'], 不写名字: ['匿名', '不写名字'],
  要钱: ['花钱', '费用', '收费'], 收费: ['花钱', '收费'], 代写: ['代写', '找人代写'], 不能做: ['禁止', '义务'], 附上: ['附上', '复印件', '材料'],
  不受理: ['不予受理', '不再受理'], 全文: ['全文', '条'],
  // Suggestions and what the office does
  提建议: ['建议', '建议意见'], 出主意: ['建议', '建议意见'], 下乡: ['下访', '接访'], 接待群众: ['接访', '接待'],
};

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

for (const said of Object.keys(SEARCH_SYNONYMS)) {
  if (said.length < 2 || /[\s\p{P}\p{S}]/u.test(said))
    throw new Error(`search-terms: synonym "${said}" must be two or more characters without spaces or punctuation`);
  if (CODE_OF.has(said)) throw new Error(`search-terms: "${said}" is a dictionary term and cannot be a synonym key`);
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
  /**
   * For an everyday word of SEARCH_SYNONYMS: every form to look for, the typed one first; a page
   * with any of them contains this part. Absent for other parts (the text is the only form).
   */
  forms?: QueryPart[];
}

/** The forms a part is looked for in: itself, or its synonyms. */
export function formsOf(part: QueryPart): QueryPart[] {
  return part.forms ?? [part];
}

/** A part of the query for the everyday word `said`, with the words the pages use for it. */
function synonymPart(said: string): QueryPart {
  const forms: QueryPart[] = [{ text: said, term: false }];
  for (const w of SEARCH_SYNONYMS[said] ?? []) {
    if (!forms.some((f) => f.text === w)) forms.push({ text: w, term: CODE_OF.has(w) });
  }
  return { text: said, term: false, forms };
}

/** Dictionary terms and synonym keys by first character, longest first: what the query scan looks for. */
const SCAN_BY_FIRST = new Map<string, string[]>();
for (const t of [...TERMS, ...Object.keys(SEARCH_SYNONYMS)].sort((a, b) => b.length - a.length)) {
  SCAN_BY_FIRST.set(t[0]!, [...(SCAN_BY_FIRST.get(t[0]!) ?? []), t]);
}

/**
 * Function words a sentence splits into (已经, 还能, 哪些…) that carry nothing to search for. Only
 * ever dropped as whole words from Intl.Segmenter, never from inside a word.
 */
// prettier-ignore
const FUNCTION_WORDS = new Set([
  '已经', '还能', '还是', '能不能', '可不可以', '可以', '是不是', '要不要', '会不会', '算不算', '应该', '需要', '怎么', '怎样',
  '如何', '什么', '哪些', '哪里', '哪个', '哪儿', '多少', '这个', '那个', '这样', '一下', '就是', '还有', '的话', '时候', '吗', '呢',
  '了', '的', '我', '我的', '我们', '你', '您', '他', '她', '它', '在', '和', '与', '或', '有', '要', '想', '能', '是', '会', '去', '到',
  '再', '还', '都', '也', '就', '没', '不', '不要', '被', '把', '给', '让', '对', '向', '跟', '一起', '之后', '以后', '然后', '现在',
]);

const WORD_SEGMENTER =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

/**
 * A run of plain text as query words: the run itself when it is one word (和平镇 stays whole), else
 * its content words (已经起诉了还能 -> 起诉… when 起诉 is not already taken by the scan), so a page
 * needs only some of a spoken sentence's words to be found and ranked.
 */
function plainWords(run: string): string[] {
  // An article number (第三十五条) is one word to the person and a heading on the law page.
  const article = /第[零〇一二三四五六七八九十百\d]+条/u.exec(run);
  if (article) {
    const before = run.slice(0, article.index);
    const after = run.slice(article.index + article[0].length);
    return [...(before ? plainWords(before) : []), article[0], ...(after ? plainWords(after) : [])];
  }
  const trimmed = splitStopwords(run);
  if (trimmed.length === 0 || !WORD_SEGMENTER) return trimmed;
  const words = [...WORD_SEGMENTER.segment(trimmed[0]!)]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment)
    .filter((w) => !FUNCTION_WORDS.has(w) && (w.length >= 2 || /\d/.test(w)));
  if (words.length > 1) return words;
  // Only function words or one character left over from a sentence (事 of 哪些事不受理, 了还能 of
  // 已经起诉了还能): they match everywhere and would only dilute the ranking.
  return words.length === 0 ? [] : trimmed;
}

/**
 * Splits a query into dictionary terms and everyday words of SEARCH_SYNONYMS (forward maximum
 * matching, longest first) and the remaining words, dropping punctuation, stopwords and function
 * words. "领导接访日 时间" -> [领导接访日 (term), 时间]; "集体上访几个人" -> [集体上访 (forms 多人走访,
 * 集体访), 几个人 (forms 代表, 不超过, 人数)].
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
      for (const word of plainWords(rest)) parts.push({ text: word, term: false });
      rest = '';
    };
    for (let i = 0; i < chunk.length;) {
      const hit = (SCAN_BY_FIRST.get(chunk[i]!) ?? []).find((t) => chunk.startsWith(t, i));
      if (hit) {
        flush();
        parts.push(CODE_OF.has(hit) ? { text: hit, term: true } : synonymPart(hit));
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
