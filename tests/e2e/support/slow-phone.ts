// The phone that issue 11 measured on: a 375×667 screen, CPU six times slower than this machine's
// and 400 kbps down/up with 400 ms latency (a weak 3G link), set through the devtools protocol so
// that every spec that needs "a cheap phone" means the same one.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const PHONE_VIEWPORT = { width: 375, height: 667 } as const;
export const SLOW_CPU_RATE = 6;
/** 400 kbps in bytes per second. */
export const SLOW_THROUGHPUT = (400 * 1000) / 8;
export const SLOW_LATENCY_MS = 400;

export interface PhoneOptions {
  width?: number;
  height?: number;
  javaScriptEnabled?: boolean;
  /** Throttle CPU and network (default true). */
  throttled?: boolean;
}

/** A new context and page shaped like the phone, throttled unless asked not to be. */
export async function openPhone(
  browser: Browser,
  options: PhoneOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? PHONE_VIEWPORT.width, height: options.height ?? PHONE_VIEWPORT.height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  if (options.throttled ?? true) await throttle(page);
  return { context, page };
}

/** CPU ×6 and 400 kbps on an open page (CDP; Chromium only). */
export async function throttle(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_CPU_RATE });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_LATENCY_MS,
    downloadThroughput: SLOW_THROUGHPUT,
    uploadThroughput: SLOW_THROUGHPUT,
  });
}

/**
 * How far the page's content reaches past the layout viewport's width, in CSS pixels (0 = no overflow).
 * Measured against the root's clientWidth: on a mobile viewport Chromium widens `innerWidth` to the
 * content when it overflows, so comparing with it would never see the overflow.
 */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}
