/**
 * Wraps a content loader for files that staff write by hand (reception days, notices) so that:
 *
 * 1. Dates are checked exactly as typed. Astro reads front matter with js-yaml, which turns an unquoted
 *    `date: 2026-02-30` into a Date and silently rolls it over to 2026-03-02 (2026-13-01 becomes
 *    2027-01-01): the schema would accept a reception on the wrong day. Every listed top-level field
 *    that YAML made into a Date is replaced by the text written in the file before validation.
 * 2. A refused file stops the build with a message in Chinese that names the file and every wrong
 *    field, instead of Astro's English summary.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/;

/** The value written after `field:` at the top level of the front matter, without quotes or comment. */
export function rawFrontMatterValue(source: string, field: string): string | undefined {
  const front = FRONT_MATTER.exec(source)?.[1];
  if (front === undefined) return undefined;
  const line = new RegExp(`^${field}:[ \\t]*(.*?)[ \\t]*(?:#.*)?$`, 'm').exec(front)?.[1];
  return line?.replace(/^(['"])(.*)\1$/, '$2');
}

/** The field messages of Astro's schema error ("  **end**: 结束时间（end）：…"), without the markup. */
export function fieldMessages(astroMessage: string): string[] {
  return [...astroMessage.matchAll(/^\s*\*\*([^*]*)\*\*: (.+)$/gm)].map(([, path, msg]) =>
    /[（(][^）)]+[）)]/.test(msg!) || !path ? msg! : `${path}：${msg}`,
  );
}

export function staffContentLoader(loader: Loader, opts: { dateFields: readonly string[] }): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) =>
      loader.load({
        ...context,
        parseData: async (props) => {
          const { data, filePath } = props;
          let verbatim = data;
          if (filePath && opts.dateFields.some((f) => data[f] instanceof Date)) {
            const source = readFileSync(filePath, 'utf8');
            const copy: Record<string, unknown> = { ...data };
            for (const f of opts.dateFields) {
              const raw = data[f] instanceof Date ? rawFrontMatterValue(source, f) : undefined;
              if (raw !== undefined) copy[f] = raw;
            }
            // Unvalidated data either way: the schema that follows decides what it is.
            verbatim = copy as typeof data;
          }
          try {
            return await context.parseData({ ...props, data: verbatim });
          } catch (err) {
            const messages = err instanceof Error ? fieldMessages(err.message) : [];
            if (messages.length === 0) throw err;
            const file = filePath ? relative(process.cwd(), filePath) : props.id;
            throw new AstroError(
              `内容文件填写有误：${file}\n${messages.map((m) => `  × ${m}`).join('\n')}`,
              '请按上面的提示修改这个文件，保存后再运行 npm run build。各字段的写法见 docs/staff.md。',
            );
          }
        },
      }),
  };
}
