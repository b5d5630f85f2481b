/**
 * `client:intent`: hydrate an island when the person starts to use it, not while the page loads.
 *
 * The petition form is server-rendered and complete without script: its inputs take typing (which
 * hydration keeps, PetitionForm's `typedBeforeHydration`) and it posts as a plain form. Hydrating
 * it at load costs a cheap phone a long task of 100–250 ms just after the first paint, while the
 * person is still reading the introduction (issue 11, finding 4: time to interactive). So the
 * island's modules are fetched and evaluated once the page has loaded and the browser is idle (all
 * at once, from the list astro.config.mjs writes into `data-modulepreload`: fetched while the page
 * paints they would delay its largest paint), and the island hydrates only when:
 * - focus enters the island, or a key is pressed or a value changes in it (a tap on a field, Tab);
 * - the part of the island only the hydrated form shows differently is about to scroll into view
 *   (`near`, for the petition form its second stage: the plain form shows every stage at once,
 *   the hydrated one a stage at a time, and the switch must happen before the person reads on);
 * - a saved draft waits in this browser (`draftKey`): it is restored, and announced, at once;
 * - or the browser cannot tell the directive about scrolling (no IntersectionObserver).
 * If the modules cannot be loaded the plain form simply stays: it still posts.
 *
 * Astro builds this file into an inline script (its hash is in the CSP: src/server/security-headers.ts
 * and public/_headers, checked by tests/site/headers.test.ts).
 */
import type { ClientDirective } from 'astro';

export interface IntentOptions {
  /** A localStorage key: when it holds something, hydrate at once. */
  draftKey?: string;
  /** A selector inside the island: hydrate when that element comes within half a screen of view. */
  near?: string;
}

const INTENT_EVENTS = ['focusin', 'keydown', 'input', 'change'] as const;

function stored(key: string): boolean {
  try {
    return window.localStorage.getItem(key) !== null;
  } catch {
    // Storage refused (private mode, a policy): there is no draft to restore.
    return false;
  }
}

const hydrateOnIntent: ClientDirective = (load, options, el) => {
  const value: unknown = options.value;
  const opts: IntentOptions = typeof value === 'object' && value !== null ? value : {};
  let started = false;
  let modules: ReturnType<typeof load> | undefined;
  const near = opts.near === undefined ? null : el.querySelector(opts.near);
  const observer =
    near !== null && typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), {
          rootMargin: '0px 0px 50% 0px',
        })
      : undefined;

  // Every module at once (the island's own import would find them one round trip after another).
  // Astro's loader retries a failed module once, then hands back a hydration that does nothing.
  const fetchModules = (): ReturnType<typeof load> => {
    if (modules) return modules;
    for (const href of (el.dataset['modulepreload'] ?? '').split(' ')) {
      if (href === '' || document.querySelector(`link[rel="modulepreload"][href="${href}"]`)) continue;
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      document.head.append(link);
    }
    modules = load();
    return modules;
  };

  const start = (): void => {
    if (started) return;
    started = true;
    for (const type of INTENT_EVENTS) el.removeEventListener(type, start, true);
    observer?.disconnect();
    fetchModules()
      .then((hydrate) => hydrate())
      .catch(() => {
        // A lost connection or a blocked module: the server-rendered form keeps working as it is.
      });
  };

  const whenIdle = (): void => {
    const soon = (): void => void fetchModules().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(soon, { timeout: 2000 });
    else setTimeout(soon, 200);
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });

  const noScrollSignal = near !== null && observer === undefined;
  if ((opts.draftKey !== undefined && stored(opts.draftKey)) || el.contains(document.activeElement) || noScrollSignal) {
    start();
    return;
  }
  for (const type of INTENT_EVENTS) el.addEventListener(type, start, { capture: true, passive: true });
  if (near !== null) observer?.observe(near);
};

export default hydrateOnIntent;
