// Real Chromium (Debian package) driven by playwright-core.
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core in the page for WCAG 2.0/2.1/2.2 A and AA rules. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the devtools protocol, not as an inline <script>: the site's CSP (public/_headers)
  // rightly blocks inline scripts it does not know.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
}

/**
 * axe on a page as a browser without script shows it. axe is itself a script, and in a context
 * with script turned off it cannot run; so the HTML that context received is shown again in a
 * context with script, with what a script-less browser renders: <noscript> content shown, no
 * <script> run (and no network beyond the page's own files).
 */
export async function runAxeAsWithoutScript(browser: Browser, url: string, html: string): Promise<AxeViolation[]> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const shown = html
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
      .replace(/<noscript>/gi, '<div data-was-noscript>')
      .replace(/<\/noscript>/gi, '</div>');
    await page.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shown }),
    );
    await page.goto(url);
    return await runAxe(page);
  } finally {
    await context.close();
  }
}

/**
 * Start on the petition form as a person does, by going to its first field. The form hydrates when it
 * is used (client:intent, src/scripts/hydrate-on-intent.ts), not at load; this waits until it has.
 */
export async function startPetitionForm(page: Page): Promise<void> {
  await page.focus('#petition-name');
  await page.waitForSelector('form[data-enhanced]');
}
