/**
 * The tracking page's only script: checks the two fields before the form is posted, so that a
 * mistyped code (the check symbol catches one wrong or two swapped characters) is told at the field
 * at once instead of after a round trip. It never takes over the post, so whatever happens here the
 * plain form still works, and it touches no value the person typed.
 */
import { isValidCode, normaliseCode } from '../lib/tracking-code';

const MESSAGES = {
  codeEmpty: '请填写查询码，它印在回执上，共 12 位，例如 7KQ3-M9XA-HT2C',
  codeWrong: '查询码有误，可能有字母或数字输错了。请对照回执逐位核对（共 12 位，不含字母 I、L、O 和数字 0、1）',
  digits: '请填写提交时所留电话号码的最后 4 位数字',
} as const;

const ERROR_PREFIX = '错误：';

function problems(code: string, digits: string): [string, string][] {
  const out: [string, string][] = [];
  const compact = normaliseCode(code);
  if (compact === '') out.push(['code', MESSAGES.codeEmpty]);
  else if (!isValidCode(compact)) out.push(['code', MESSAGES.codeWrong]);
  if (!/^\d{4}$/.test(digits.normalize('NFKC').replace(/\s/g, ''))) out.push(['phoneLast4', MESSAGES.digits]);
  return out;
}

function show(form: HTMLFormElement, found: [string, string][]): void {
  const summary = form.querySelector<HTMLElement>('#track-errors');
  for (const name of ['code', 'phoneLast4']) {
    const input = form.querySelector<HTMLInputElement>(`#track-${name}`);
    const field = input?.closest('.field');
    if (!input || !field) continue;
    field.querySelector('.field-error')?.remove();
    const message = found.find(([n]) => n === name)?.[1];
    field.classList.toggle('has-error', Boolean(message));
    const hint = `track-${name}-hint`;
    if (message) {
      const span = document.createElement('span');
      span.className = 'field-error';
      span.id = `track-${name}-error`;
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = ERROR_PREFIX;
      span.append(prefix, message);
      input.before(span);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${hint} ${span.id}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
    }
  }
  const base = document.title.startsWith(ERROR_PREFIX) ? document.title.slice(ERROR_PREFIX.length) : document.title;
  document.title = found.length ? ERROR_PREFIX + base : base;
  if (!summary) return;
  summary.replaceChildren();
  summary.className = found.length ? 'error-summary' : '';
  if (!found.length) {
    summary.removeAttribute('aria-labelledby');
    return;
  }
  const title = document.createElement('h2');
  title.id = 'track-errors-title';
  title.textContent = '请修改以下内容后再查询';
  const list = document.createElement('ul');
  for (const [name, message] of found) {
    const a = document.createElement('a');
    a.href = `#track-${name}`;
    a.textContent = message;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      document.getElementById(`track-${name}`)?.focus();
    });
    const li = document.createElement('li');
    li.append(a);
    list.append(li);
  }
  summary.setAttribute('aria-labelledby', title.id);
  summary.append(title, list);
  summary.focus();
}

export function checkTrackForm(): void {
  const form = document.querySelector<HTMLFormElement>('#track-form');
  if (!form) return;
  form.addEventListener('submit', (e) => {
    const value = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
    const found = problems(value('track-code'), value('track-phoneLast4'));
    show(form, found);
    if (found.length) e.preventDefault();
  });
  // The server asked for a proof of work first: do it and post again (the module loads only then).
  const verify = document.querySelector<HTMLElement>('[data-track-verify]');
  if (verify) void import('./track-verify').then((m) => m.verifyAndResubmit(verify, form));
}
