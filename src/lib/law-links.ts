/**
 * Links into 《信访工作条例》. Guides, emails and the petition flow cite articles through these
 * helpers so that every citation points at the same stable anchor (#article-N) that the law page renders.
 */

/** Slug of the regulation in force; its page lives at /law/<slug>/. */
export const CURRENT_LAW_SLUG = 'xinfang-gongzuo-tiaoli';

/** Number of articles in 《信访工作条例》 (2022). */
export const CURRENT_LAW_ARTICLES = 50;

/** The anchor id an article carries on every law page: 第三十四条 -> article-34. */
export function articleId(n: number): string {
  assertArticleNumber(n, Number.MAX_SAFE_INTEGER);
  return `article-${n}`;
}

/** Link to article n of the regulation in force, e.g. 34 -> /law/xinfang-gongzuo-tiaoli/#article-34. */
export function articleHref(n: number): string {
  assertArticleNumber(n, CURRENT_LAW_ARTICLES);
  return `/law/${CURRENT_LAW_SLUG}/#${articleId(n)}`;
}

/** Chinese label of an article, e.g. 34 -> 第三十四条. */
export function articleLabel(n: number): string {
  assertArticleNumber(n, Number.MAX_SAFE_INTEGER);
  return `第${toChineseNumeral(n)}条`;
}

/** Link target and label of a citation of the regulation in force; null for a number outside it. */
export function articleLink(n: number | null | undefined): { href: string; label: string } | null {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > CURRENT_LAW_ARTICLES) return null;
  return { href: articleHref(n), label: `《信访工作条例》${articleLabel(n)}` };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * Chinese numeral as written in statute headings (1..9999): 10 -> 十, 14 -> 十四, 20 -> 二十,
 * 105 -> 一百零五, 110 -> 一百一十. Teens drop the leading 一 only below 20.
 */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) {
    throw new RangeError(`toChineseNumeral: expected an integer 1..9999, got ${n}`);
  }
  if (n < 10) return DIGITS[n] as string;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  const units = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ] as const;
  let out = '';
  let rest = n;
  let pendingZero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (pendingZero) out += '零';
      out += `${DIGITS[d]}${name}`;
      pendingZero = false;
    } else if (out) {
      pendingZero = true;
    }
  }
  if (rest > 0) out += `${pendingZero ? '零' : ''}${DIGITS[rest]}`;
  return out;
}

/** Inverse of toChineseNumeral for statute headings (一..九千九百九十九). */
export function fromChineseNumeral(s: string): number {
  const digit = (c: string): number => {
    const i = (DIGITS as readonly string[]).indexOf(c);
    if (i < 0) throw new RangeError(`fromChineseNumeral: not a Chinese digit: ${c} in ${s}`);
    return i;
  };
  const unitValue: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let current = 0;
  for (const c of s) {
    const unit = unitValue[c];
    if (unit !== undefined) {
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
    } else {
      current = digit(c);
    }
  }
  const n = total + current;
  if (n < 1) throw new RangeError(`fromChineseNumeral: empty or zero numeral: ${s}`);
  return n;
}

function assertArticleNumber(n: number, max: number): void {
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`Article number must be an integer 1..${max}, got ${n}`);
  }
}
