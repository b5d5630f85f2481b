/**
 * The bot check on the petition form's last step. The form asks the server once which check is in
 * force (GET /api/captcha/challenge says its mode); only for ALTCHA is the widget loaded
 * (altcha-widget.ts). The widget then solves its proof-of-work in the background as soon as the
 * check step is shown, so nobody has to click anything; the checkbox (我不是机器人) stays there for
 * anyone who wants to run it again by hand or by keyboard. A status line tells screen readers what
 * happens. The rules the server applies are in docs/adr/0005-self-hosted-bot-check.md.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';

export const CAPTCHA_CHALLENGE_URL = '/api/captcha/challenge';

/** "altcha": the widget runs; "other": no widget (none, or Turnstile, which the server checks alone). */
export type CaptchaProbe = 'altcha' | 'none' | 'other' | 'unknown';

/** Which bot check the server asks for. A failed probe is "unknown": the form then posts as a plain form would. */
export async function probeCaptcha(): Promise<CaptchaProbe> {
  try {
    const r = await fetch(CAPTCHA_CHALLENGE_URL, { headers: { Accept: 'application/json' } });
    if (!r.ok) return 'unknown';
    const body = (await r.json()) as { mode?: unknown };
    return body.mode === 'altcha' ? 'altcha' : body.mode === 'none' ? 'none' : 'other';
  } catch {
    return 'unknown';
  }
}

export interface CaptchaHandle {
  /** The solution, solving first when there is none yet; null when the widget could not solve. */
  solve(): Promise<string | null>;
  /** Forgets the solution (the server refused it as used or expired). */
  reset(): void;
}

type WidgetState = 'loading' | 'unverified' | 'verifying' | 'verified' | 'expired' | 'error' | 'code';

const STATUS_TEXT: Record<WidgetState, string> = {
  loading: '',
  unverified: '',
  verifying: '正在自动进行人机验证，一般只要几秒钟，请稍候。',
  verified: '人机验证已通过。',
  expired: '人机验证已过期，正在重新验证。',
  error: '人机验证没有完成。可以再点一次“我不是机器人”；仍不成功的，也可以直接点“提交信访事项”。',
  code: '',
};

/** <altcha-widget>, typed by the altcha package. */
type WidgetElement = HTMLElementTagNameMap['altcha-widget'];

interface Props {
  ref?: Ref<CaptchaHandle>;
  /** True while the check step is shown: the widget starts solving then. */
  active: boolean;
  /** The server's message for this field, if any. */
  error?: string | undefined;
}

export function CaptchaField({ ref, active, error }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<WidgetElement | null>(null);
  const ready = useRef<Promise<WidgetElement | null> | null>(null);
  const payload = useRef<string | null>(null);
  const running = useRef<Promise<string | null> | null>(null);
  const [state, setState] = useState<WidgetState>('loading');
  const stateRef = useRef<WidgetState>('loading');

  useEffect(() => {
    let el: WidgetElement | null = null;
    let cancelled = false;
    ready.current = import('./altcha-widget')
      .then(
        ({ ALTCHA_LANGUAGE }) =>
          new Promise<WidgetElement | null>((resolve) => {
            if (cancelled || !box.current) return resolve(null);
            el = document.createElement('altcha-widget');
            el.setAttribute('challenge', CAPTCHA_CHALLENGE_URL);
            el.setAttribute('name', 'altcha');
            el.setAttribute('auto', 'off');
            el.setAttribute('language', ALTCHA_LANGUAGE);
            // No logo or link to ALTCHA's site, and no pointer or scroll collection (the widget's
            // "human interaction signature"): the proof-of-work alone is the check, nothing about a person.
            el.setAttribute(
              'configuration',
              JSON.stringify({ hideFooter: true, hideLogo: true, humanInteractionSignature: false }),
            );
            el.addEventListener('statechange', (ev) => {
              const detail = (ev as CustomEvent<{ state: WidgetState; payload?: string | null }>).detail;
              stateRef.current = detail.state;
              payload.current = detail.state === 'verified' ? (detail.payload ?? null) : null;
              setState(detail.state);
            });
            el.addEventListener('load', () => resolve(el), { once: true });
            box.current.appendChild(el);
            widget.current = el;
          }),
      )
      .then((w) => {
        if (w && stateRef.current === 'loading') {
          stateRef.current = 'unverified';
          setState('unverified');
        }
        return w;
      })
      .catch(() => {
        // The module did not load (offline, old browser): the form posts without a solution.
        stateRef.current = 'error';
        setState('error');
        return null;
      });
    return () => {
      cancelled = true;
      el?.remove();
      widget.current = null;
    };
  }, []);

  function solve(): Promise<string | null> {
    if (payload.current) return Promise.resolve(payload.current);
    running.current ??= (async () => {
      const w = await ready.current;
      if (!w) return null;
      const result = await w.verify().catch(() => null);
      return result?.payload ?? payload.current ?? null;
    })().finally(() => {
      running.current = null;
    });
    return running.current;
  }

  useImperativeHandle(ref, () => ({
    solve,
    reset() {
      payload.current = null;
      widget.current?.reset();
    },
  }));

  // Solve in the background once the person reaches the check step, and again when a solution
  // expires while they are still reading it.
  useEffect(() => {
    if (active && (state === 'unverified' || state === 'expired')) void solve();
    // solve reads refs only: it need not be a dependency.
  }, [active, state]);

  return (
    <fieldset
      className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}
      id="petition-altcha"
      tabIndex={-1}
      aria-describedby={['petition-altcha-hint', error ? 'petition-altcha-error' : ''].filter(Boolean).join(' ')}
    >
      <legend>人机验证</legend>
      <span className="hint" id="petition-altcha-hint">
        为防止有人用程序批量提交，浏览器会自动完成一次验证，您不需要做任何操作。
      </span>
      {error && (
        <span className="field-error" id="petition-altcha-error">
          <span className="visually-hidden">错误：</span>
          {error}
        </span>
      )}
      <div ref={box} />
      <p className="small" role="status">
        {STATUS_TEXT[state]}
      </p>
    </fieldset>
  );
}
