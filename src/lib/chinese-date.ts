/** A calendar date YYYY-MM-DD as 2026年11月22日; anything else as it is. Used by pages, islands and mail. */
export function formatChineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}
