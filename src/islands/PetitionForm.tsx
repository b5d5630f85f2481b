/**
 * The online petition form (Art. 17, 19). Server-rendered as one plain form that posts to
 * /api/petitions without JavaScript; once hydrated it becomes four stages with a check-your-answers
 * step, validates with the same zod schema as the function, keeps a local draft and submits by fetch.
 */
import { useEffect, useLayoutEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import {
  ATTACHMENT_ACCEPT,
  MAX_ATTACHMENTS,
  OTHER_PROCEDURES,
  PETITION_KINDS,
  PETITION_LIMITS,
} from '../lib/petition-rules';
import type { PetitionFormValues, PetitionInput } from '../lib/petition-schema';
import type { PetitionValidation } from './petition-validation';
import { fieldErrors } from '../lib/field-errors';
import { PHONE_HINT, PHONE_LABEL } from '../lib/phone-number';
import type { Settings } from '../lib/settings';
import { routingAdvice, type RoutingAdvice } from './petition-routing';
import { addAttachments, formatSize } from './petition-files';
import { clearDraft, forgetSubmittedDraft, hasContent, loadDraft, saveDraft } from './petition-draft';
import { CaptchaField, probeCaptcha, type CaptchaHandle, type CaptchaProbe } from './petition-captcha';

type Field = keyof PetitionFormValues;
type SummaryKey = Field | 'attachments' | 'form';

interface Stage {
  title: string;
  fields: readonly Field[];
}

const STAGES: readonly Stage[] = [
  { title: '关于您', fields: ['name', 'phone', 'email', 'address', 'idNumber'] },
  { title: '反映的事项', fields: ['region', 'kind', 'issueArea', 'otherProcedure', 'title', 'request', 'facts'] },
  { title: '附件', fields: [] },
  { title: '核对并提交', fields: ['declaration', 'privacyConsent'] },
];
const CHECK_STAGE = STAGES.length - 1;
const ATTACHMENT_STAGE = 2;

const LABELS: Record<SummaryKey, string> = {
  submissionId: '页面信息',
  startedAt: '页面信息',
  website: '页面信息',
  name: '姓名（名称）',
  phone: '手机号码',
  email: '电子邮箱',
  address: '住址',
  idNumber: '身份证号码',
  region: '事项发生地',
  kind: '事项类别',
  issueArea: '问题领域',
  otherProcedure: '其他途径',
  title: '标题',
  request: '诉求',
  facts: '事实和理由',
  declaration: '真实性承诺',
  privacyConsent: '个人信息保护',
  attachments: '附件',
  altcha: '人机验证',
  form: '提交',
};

const ERROR_PREFIX = '错误：';

/** The id of a field's input; radio groups point at their first option. */
function inputId(field: SummaryKey): string {
  if (field === 'kind') return `petition-kind-${PETITION_KINDS[0].id}`;
  if (field === 'otherProcedure') return `petition-otherProcedure-${OTHER_PROCEDURES[0].id}`;
  if (field === 'attachments') return 'petition-attachments';
  return `petition-${field}`;
}

function stageOf(field: SummaryKey): number {
  if (field === 'attachments') return ATTACHMENT_STAGE;
  const i = STAGES.findIndex((s) => (s.fields as readonly string[]).includes(field));
  return i < 0 ? CHECK_STAGE : i;
}

function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers on plain http: a version-4 UUID from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const EMPTY: PetitionFormValues = {
  submissionId: '',
  startedAt: '',
  website: '',
  altcha: '',
  name: '',
  phone: '',
  email: '',
  address: '',
  idNumber: '',
  region: '',
  kind: undefined as unknown as PetitionFormValues['kind'],
  issueArea: '',
  otherProcedure: undefined,
  title: '',
  request: '',
  facts: '',
  declaration: false,
  privacyConsent: false,
};

function charCount(s: unknown): number {
  return typeof s === 'string' ? [...s].length : 0;
}

/** How many characters the person has written, as the confirmation to clear the draft says. */
function draftLength(values: Partial<PetitionFormValues>): number {
  return (['name', 'phone', 'email', 'address', 'idNumber', 'title', 'request', 'facts'] as const).reduce(
    (n, k) => n + charCount(values[k]),
    0,
  );
}

function retryWait(header: string | null): string {
  const seconds = Number(header);
  if (!Number.isFinite(seconds) || seconds <= 0) return '请稍等几分钟后再点“提交”。';
  if (seconds < 90) return `请在 ${Math.ceil(seconds)} 秒后再点“提交”。`;
  return `请在约 ${Math.ceil(seconds / 60)} 分钟后再点“提交”。`;
}

interface SummaryItem {
  key: SummaryKey;
  message: string;
}

/** What the form needs of the office's settings, given by the page: the island never loads the settings validator. */
export interface PetitionFormProps {
  office: Pick<Settings['office'], 'jurisdiction' | 'disciplineBody' | 'disciplineReportUrl' | 'disciplinePhone'>;
  regions: Settings['regions'];
  issueAreas: Settings['issueAreas'];
  phoneNumber: string;
  retentionYears: number;
}

type Typed = Partial<Record<string, string | boolean>>;

/**
 * What the server-rendered inputs hold when the island hydrates: what a person typed while the
 * script was loading (issue 11, finding 1), or what the no-script 422 page filled back in. Read
 * before the first render so that react-hook-form starts from it instead of emptying the inputs.
 */
function typedBeforeHydration(): Typed {
  if (typeof document === 'undefined') return {}; // the prerender
  const form = document.getElementById('petition-form');
  if (!(form instanceof HTMLFormElement)) return {};
  const out: Typed = {};
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement) {
      if (!el.name || el.type === 'file') continue;
      if (el.type === 'checkbox') {
        if (el.checked) out[el.name] = true;
      } else if (el.type === 'radio') {
        if (el.checked) out[el.name] = el.value;
      } else if (el.value !== '') out[el.name] = el.value;
    } else if ((el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && el.name && el.value !== '') {
      out[el.name] = el.value;
    }
  }
  return out;
}

/** The person's own fields of what was typed (not the hidden ones the page or a draft sets). */
function personalPart(typed: Typed): Typed {
  return Object.fromEntries(Object.entries(typed).filter(([k]) => k !== 'submissionId' && k !== 'startedAt'));
}

export default function PetitionForm({ office, regions, issueAreas, phoneNumber, retentionYears }: PetitionFormProps) {
  const [enhanced, setEnhanced] = useState(false);
  const [stage, setStage] = useState(0);
  const [returnToCheck, setReturnToCheck] = useState(false);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<{ text: string; problem: boolean } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<SummaryKey, string>>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const [captcha, setCaptcha] = useState<CaptchaProbe | 'pending'>('pending');
  const captchaRef = useRef<CaptchaHandle>(null);
  const pendingFocus = useRef<string | null>(null);
  // A focus request must cause a render even when nothing else changes (a link to a field on the
  // stage already shown), so that the effect below runs.
  const [, requestRender] = useReducer((n: number) => n + 1, 0);
  const focusAfterRender = (id: string) => {
    pendingFocus.current = id;
    requestRender();
  };

  // Once, before the first render: the values the inputs already hold.
  const [typed] = useState(typedBeforeHydration);
  const validation = useRef<Promise<PetitionValidation> | null>(null);
  const loadValidation = () =>
    (validation.current ??= import('./petition-validation')
      .then((m) =>
        m.petitionValidation({
          regionIds: regions.map((r) => r.id) as [string, ...string[]],
          issueAreaIds: issueAreas.map((a) => a.id) as [string, ...string[]],
        }),
      )
      .catch((e: unknown) => {
        // A lost connection: the next 继续 or 提交 tries again.
        validation.current = null;
        throw new Error('petition validation did not load', { cause: e });
      }));
  const [smsOptOut, setSmsOptOut] = useState(typed['smsOptOut'] === true);
  const [confirmClear, setConfirmClear] = useState(false);
  const stageRef = useRef(0);
  stageRef.current = stage;

  const {
    register,
    handleSubmit,
    trigger,
    getValues,
    setValue,
    reset,
    watch,
    formState: { errors },
  } = useForm<PetitionFormValues, unknown, PetitionInput>({
    resolver: async (values, context, options) => (await loadValidation()).resolver(values, context, options),
    defaultValues: { ...EMPTY, ...typed },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });

  // Hydrated: switch from the one-page plain form to stages, fill the hidden fields, restore a draft.
  useEffect(() => {
    const draft = loadDraft();
    if (draft && hasContent(draft)) {
      const mine = personalPart(typed);
      const typedNow = Object.keys(mine).some((k) => k !== 'website');
      // What was typed on this page before hydration is newer than the draft and wins field by field.
      reset({ ...EMPTY, ...typed, ...draft, ...mine } as PetitionFormValues);
      // The draft opens where the person left it, with its notice in view and read out (finding 7);
      // unless they have started typing on this page, which is stage 1.
      const at = typedNow ? 0 : Math.min(Math.max(0, Number(draft.stage) || 0), CHECK_STAGE);
      setStage(at);
      setStatus({
        text:
          at > 0
            ? `已恢复您上次在这台电脑上没有提交的草稿，从“${STAGES[at]!.title}”这一步接着填写。附件需要重新选择。`
            : '已恢复您上次在这台电脑上没有提交的草稿。附件需要重新选择。',
        problem: false,
      });
      // The browser would put the page back where it was scrolled before a reload, after this has
      // run (the form hydrates at once when a draft waits): the notice must stay in view instead.
      history.scrollRestoration = 'manual';
      focusAfterRender('petition-status');
    } else {
      // Hydrated by focus in a later stage of the plain form (a link in the summary of the page a plain
      // post came back to, say): that stage stays shown, with the focus where it is.
      const STAGE = '#petition-form > section.stage';
      const stages = [...document.querySelectorAll(STAGE)];
      const focused = document.activeElement?.closest(STAGE);
      const at = focused ? stages.indexOf(focused) : -1;
      if (at > 0) setStage(Math.min(at, CHECK_STAGE));
    }
    if (!getValues('submissionId')) setValue('submissionId', newSubmissionId());
    if (!getValues('startedAt')) setValue('startedAt', Date.now());
    setEnhanced(true);
    // Once, on hydration: `typed` never changes.
  }, [getValues, reset, setValue, typed]);

  useEffect(() => {
    if (enhanced) void probeCaptcha().then(setCaptcha);
  }, [enhanced]);

  // The checks load as soon as the person starts on the form, long before the first 继续.
  useEffect(() => {
    if (!enhanced) return;
    const form = document.getElementById('petition-form');
    const start = () => void loadValidation().catch(() => undefined);
    form?.addEventListener('focusin', start, { once: true });
    return () => form?.removeEventListener('focusin', start);
  }, [enhanced]);

  useEffect(() => {
    if (!enhanced) return;
    const sub = watch((values) => saveDraft({ ...values, stage: stageRef.current }));
    return () => sub.unsubscribe();
  }, [enhanced, watch]);

  // The stage is part of the draft, so that a restored draft opens where the person was.
  useEffect(() => {
    if (enhanced) saveDraft({ ...getValues(), stage });
  }, [enhanced, stage, getValues]);

  // Focus moves after the render that shows the stage or the summary, never before; as a layout
  // effect, in the same task as the key press (Preact runs passive effects only after the next paint).
  useLayoutEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    const el = target === 'summary' ? summaryRef.current : document.getElementById(target);
    // Preact may run an earlier render's effect before the render that shows the target: wait for that one.
    if (!el || el.closest('[hidden]')) return;
    pendingFocus.current = null;
    el.focus();
    // Focus scrolls only as far as needed: a notice above the stage must come fully into view.
    if (target === 'petition-status') el.scrollIntoView({ block: 'center' });
  });

  // In the same commit as the summary (a layout effect): the title says 错误 exactly while it is shown,
  // also at the moment focus moves on to the next stage.
  useLayoutEffect(() => {
    const base = document.title.startsWith(ERROR_PREFIX) ? document.title.slice(ERROR_PREFIX.length) : document.title;
    document.title = summary.length > 0 ? ERROR_PREFIX + base : base;
  }, [summary]);

  const kind = watch('kind');
  const otherProcedure = watch('otherProcedure');
  const advice = routingAdvice(
    {
      kind: typeof kind === 'string' ? kind : undefined,
      otherProcedure: typeof otherProcedure === 'string' ? otherProcedure : undefined,
    },
    {
      name: office.disciplineBody,
      reportUrl: office.disciplineReportUrl,
      phone: office.disciplinePhone,
    },
  );

  function errorOf(field: SummaryKey): string | undefined {
    if (field !== 'attachments' && field !== 'form') {
      const e = errors[field];
      if (e?.message) return String(e.message);
    }
    return serverErrors[field];
  }

  function describedBy(field: Field, hint: boolean, extra?: string): string | undefined {
    const ids = [
      hint ? `petition-${field}-hint` : '',
      extra ?? '',
      errorOf(field) ? `petition-${field}-error` : '',
    ].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : undefined;
  }

  function showSummary(items: SummaryItem[]) {
    setSummary(items);
    if (items.length > 0) focusAfterRender('summary');
  }

  function summaryFrom(errs: FieldErrors<PetitionFormValues>, fields: readonly Field[]): SummaryItem[] {
    return fields.flatMap((f) => {
      const m = errs[f]?.message;
      return m ? [{ key: f, message: String(m) }] : [];
    });
  }

  function goToStage(n: number, focusId?: string) {
    setStage(n);
    focusAfterRender(focusId ?? `petition-stage-${n}`);
  }

  function validationUnavailable() {
    setStatus({
      text: '网络连接出了问题，暂时无法检查填写的内容。您填写的内容都还在，请检查网络后再点一次。',
      problem: true,
    });
    focusAfterRender('petition-status');
  }

  async function continueFrom(current: number) {
    const fields = STAGES[current]!.fields;
    let ok: boolean;
    try {
      ok = fields.length === 0 || (await trigger([...fields]));
      if (!ok) showSummary(await summaryFromCurrent(fields));
    } catch {
      validationUnavailable();
      return;
    }
    if (!ok) return;
    setServerErrors((prev) => {
      const next = { ...prev };
      for (const f of fields) delete next[f];
      return next;
    });
    showSummary([]);
    if (returnToCheck) {
      setReturnToCheck(false);
      goToStage(CHECK_STAGE);
    } else {
      goToStage(current + 1);
    }
  }

  // trigger() has updated formState by the time it resolves, but this render's `errors` is stale:
  // read the live errors through the resolver once more for the stage's fields.
  async function summaryFromCurrent(fields: readonly Field[]): Promise<SummaryItem[]> {
    const { schema } = await loadValidation();
    const result = schema.safeParse(getValues());
    if (result.success) return [];
    const items: SummaryItem[] = [];
    for (const [key, message] of Object.entries(fieldErrors(result.error)))
      if (message !== undefined && (fields as readonly string[]).includes(key))
        items.push({ key: key as Field, message });
    return items;
  }

  /**
   * JSON, or multipart when there are files or when a bot check is on but no solution could be had
   * (no Web Crypto, blocked worker): the server then treats the post as it treats a plain form post
   * without script (docs/adr/0005-self-hosted-bot-check.md) instead of refusing it.
   */
  function buildRequest(values: PetitionFormValues): RequestInit {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const unsolved = captcha !== 'none' && !values.altcha;
    if (files.length === 0 && !unsolved) {
      headers['Content-Type'] = 'application/json';
      return { method: 'POST', headers, body: JSON.stringify(smsOptOut ? { ...values, smsOptOut: true } : values) };
    }
    const body = new FormData();
    if (smsOptOut) body.append('smsOptOut', 'true');
    for (const [k, v] of Object.entries(values)) {
      if (typeof v === 'boolean') body.append(k, v ? 'true' : 'false');
      else if (typeof v === 'string' || typeof v === 'number') body.append(k, String(v));
    }
    for (const f of files) body.append('attachments', f, f.name);
    return { method: 'POST', headers, body };
  }

  async function submit(retried = false) {
    setSubmitting(true);
    setStatus(null);
    let values = getValues();
    if (captcha === 'altcha' && captchaRef.current) {
      // Usually solved already, in the background, while the person checked their answers.
      setStatus({ text: '正在完成人机验证，请稍候…', problem: false });
      values = { ...values, altcha: (await captchaRef.current.solve()) ?? '' };
      setStatus(null);
    }
    let res: Response;
    try {
      res = await fetch('/api/petitions', buildRequest(values));
    } catch {
      setSubmitting(false);
      setStatus({
        text: '网络连接出了问题，信访事项还没有提交成功。您填写的内容都还在，请检查网络后再点“提交”。重复提交不会产生两件信访事项。',
        problem: true,
      });
      focusAfterRender('petition-status');
      return;
    }
    if (res.status === 201 || (res.ok && res.redirected)) {
      let target = res.url;
      if (res.status === 201) {
        const body = (await res.json().catch(() => null)) as { receiptUrl?: unknown } | null;
        if (body && typeof body.receiptUrl === 'string') target = body.receiptUrl;
      }
      forgetSubmittedDraft();
      window.location.assign(target);
      return;
    }
    setSubmitting(false);
    if (res.status === 422) {
      const body = (await res.json().catch(() => null)) as { errors?: Record<string, unknown> } | null;
      const errs: Partial<Record<SummaryKey, string>> = {};
      for (const [k, v] of Object.entries(body?.errors ?? {})) {
        if (typeof v === 'string') errs[(k in LABELS ? k : 'form') as SummaryKey] = v;
      }
      // A solution the server no longer takes (expired, or used by a lost earlier answer): solve
      // a fresh challenge and send again, once, without troubling the person.
      if (!retried && captcha === 'altcha' && Object.keys(errs).length === 1 && errs.altcha) {
        captchaRef.current?.reset();
        await submit(true);
        return;
      }
      setServerErrors(errs);
      const items = (Object.keys(errs) as SummaryKey[])
        .sort((a, b) => stageOf(a) - stageOf(b))
        .map((key) => ({ key, message: errs[key]! }));
      showSummary(items.length > 0 ? items : [{ key: 'form', message: '提交没有成功，请检查填写的内容后再试。' }]);
      return;
    }
    // 409: this form's id was already used for another content (issue 12, finding 9); the server's words say what to do.
    const refused = res.status === 409 ? ((await res.json().catch(() => null)) as { error?: unknown } | null) : null;
    const text =
      typeof refused?.error === 'string'
        ? refused.error
        : res.status === 429
          ? `提交太频繁了。${retryWait(res.headers.get('Retry-After'))}您填写的内容都还在。`
          : res.status === 413
            ? '附件加起来太大了，服务器无法接收。请删去一些附件或压缩后再提交，也可以改用邮寄方式提交材料。'
            : `提交没有成功（服务器返回 ${res.status}）。您填写的内容都还在，请稍后再点“提交”。如果一直不成功，请拨打 ${phoneNumber}。`;
    setStatus({ text, problem: true });
    focusAfterRender('petition-status');
  }

  const onValid = async () => {
    showSummary([]);
    await submit();
  };
  const onInvalid = (errs: FieldErrors<PetitionFormValues>) => {
    const all = STAGES.flatMap((s) => s.fields);
    const items = summaryFrom(errs, all);
    // Hidden fields cannot be fixed by the person; they get one message that tells them what to do.
    const hidden = (['submissionId', 'startedAt', 'website'] as const).find((f) => errs[f]);
    if (hidden) items.push({ key: 'form', message: String(errs[hidden]?.message) });
    showSummary(items);
  };

  function onFormSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    if (!enhanced) return; // hydrating: let the browser post the plain form
    e.preventDefault();
    if (submitting) return;
    if (stage < CHECK_STAGE) {
      void continueFrom(stage);
      return;
    }
    handleSubmit(onValid, onInvalid)(e).catch(validationUnavailable);
  }

  async function onFilesChosen(e: React.ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const chosen = input.files ? [...input.files] : [];
    // Emptied so that choosing the same file again after removing it fires a change.
    input.value = '';
    const { files: next, problems } = await addAttachments(files, chosen);
    setFiles(next);
    setFileProblems(problems);
    setServerErrors((prev) => {
      const n = { ...prev };
      delete n.attachments;
      return n;
    });
  }

  function removeFile(i: number) {
    setFiles((prev) => prev.filter((_, j) => j !== i));
    setFileProblems([]);
    focusAfterRender('petition-attachments');
  }

  function askToClearDraft() {
    setConfirmClear(true);
    focusAfterRender('petition-clear-question');
  }

  function keepDraft() {
    setConfirmClear(false);
    focusAfterRender('petition-clear-draft');
  }

  function onClearDraft() {
    setConfirmClear(false);
    setSmsOptOut(false);
    clearDraft();
    reset({ ...EMPTY, submissionId: newSubmissionId(), startedAt: Date.now() });
    setFiles([]);
    setFileProblems([]);
    setServerErrors({});
    setSummary([]);
    setStage(0);
    setReturnToCheck(false);
    setStatus({ text: '草稿已清除，表格已清空。', problem: false });
    focusAfterRender('petition-status');
  }

  function onSummaryLink(e: React.MouseEvent<HTMLAnchorElement>, key: SummaryKey) {
    e.preventDefault();
    if (key === 'form') return;
    const n = stageOf(key);
    if (stage === CHECK_STAGE && n !== CHECK_STAGE) setReturnToCheck(true);
    goToStage(n, inputId(key));
  }

  function onChangeLink(e: React.MouseEvent<HTMLAnchorElement>, field: SummaryKey) {
    e.preventDefault();
    setReturnToCheck(true);
    showSummary([]);
    goToStage(stageOf(field), inputId(field));
  }

  const visible = (n: number) => !enhanced || stage === n;
  const v = watch();

  function fieldClass(field: SummaryKey, extra = ''): string {
    return ['field', extra, errorOf(field) ? 'has-error' : ''].filter(Boolean).join(' ');
  }

  function errorText(field: SummaryKey) {
    const m = errorOf(field);
    if (!m) return null;
    return (
      <span className="field-error" id={`petition-${field}-error`}>
        <span className="visually-hidden">错误：</span>
        {m}
      </span>
    );
  }

  function textInput(props: {
    field: 'name' | 'phone' | 'email' | 'address' | 'idNumber' | 'title';
    label: string;
    hint?: ReactNode;
    optional?: boolean;
    size?: 'short' | 'medium';
    type?: 'text' | 'tel' | 'email';
    autoComplete?: string;
    inputMode?: 'numeric' | 'tel' | 'email' | 'text';
    maxChars?: number;
  }) {
    const { field, label, hint, optional, size, type = 'text', autoComplete, inputMode, maxChars } = props;
    const count = maxChars ? charCount(v[field]) : 0;
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`petition-${field}`}>
          {label}
          {optional && <span className="optional">（可不填）</span>}
        </label>
        {hint && (
          <span className="hint" id={`petition-${field}-hint`}>
            {hint}
          </span>
        )}
        {errorText(field)}
        <input
          id={`petition-${field}`}
          type={type}
          className={size}
          autoComplete={autoComplete}
          inputMode={inputMode}
          spellCheck={false}
          required={!optional}
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy(
            field,
            Boolean(hint),
            maxChars && enhanced ? `petition-${field}-count` : undefined,
          )}
          {...register(field)}
        />
        {maxChars && enhanced && (
          <span className={count > maxChars ? 'count over' : 'count'} id={`petition-${field}-count`}>
            已输入 {count} 字，最多 {maxChars} 字
          </span>
        )}
      </div>
    );
  }

  function textArea(props: {
    field: 'request' | 'facts';
    label: string;
    hint: ReactNode;
    maxChars: number;
    rows: number;
  }) {
    const { field, label, hint, maxChars, rows } = props;
    const count = charCount(v[field]);
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`petition-${field}`}>{label}</label>
        <span className="hint" id={`petition-${field}-hint`}>
          {hint}
        </span>
        {errorText(field)}
        <textarea
          id={`petition-${field}`}
          rows={rows}
          required
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy(field, true, enhanced ? `petition-${field}-count` : undefined)}
          {...register(field)}
        />
        {enhanced && (
          <span className={count > maxChars ? 'count over' : 'count'} id={`petition-${field}-count`}>
            已输入 {count} 字，最多 {maxChars} 字
          </span>
        )}
      </div>
    );
  }

  function select(props: {
    field: 'region' | 'issueArea';
    label: string;
    hint: string;
    options: { id: string; name: string }[];
  }) {
    const { field, label, hint, options } = props;
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`petition-${field}`}>{label}</label>
        <span className="hint" id={`petition-${field}-hint`}>
          {hint}
        </span>
        {errorText(field)}
        <select
          id={`petition-${field}`}
          className="medium"
          required
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy(field, true)}
          {...register(field)}
        >
          <option value="">请选择</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
    );
  }

  function adviceList(items: RoutingAdvice[]) {
    return (
      <>
        {items.map((a) => (
          <section className="routing-advice" key={a.id} data-routing={a.id} aria-labelledby={`routing-${a.id}`}>
            <h3 id={`routing-${a.id}`}>{a.heading}</h3>
            <p>{a.body}</p>
            <p>您仍然可以在这里提交，我们会按规定转送并告诉您去向。</p>
            <ul>
              {a.links.map((l) => (
                <li key={l.href}>
                  <a href={l.href}>{l.label}</a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </>
    );
  }

  function stageHeading(n: number) {
    return (
      <>
        {/* The same in the plain form (its four parts in order) as in the staged one, so that the
            form's first tap, which hydrates it (client:intent), moves nothing under the finger. */}
        <p className="stage-progress">
          第 {n + 1} 步，共 {STAGES.length} 步
        </p>
        <h2 id={`petition-stage-${n}`} tabIndex={-1}>
          {STAGES[n]!.title}
        </h2>
      </>
    );
  }

  function stageActions(n: number) {
    if (!enhanced) return null;
    return (
      <div className="form-actions">
        {n > 0 && (
          <button type="button" className="secondary" onClick={() => goToStage(n - 1)}>
            返回上一步
          </button>
        )}
        <button type="submit">{returnToCheck ? '保存并返回核对' : '继续'}</button>
      </div>
    );
  }

  const regionName = (id: unknown) => regions.find((r) => r.id === id)?.name;
  const areaName = (id: unknown) => issueAreas.find((a) => a.id === id)?.name;
  const kindLabel = (id: unknown) => PETITION_KINDS.find((k) => k.id === id)?.label;
  const procedureLabel = (id: unknown) => OTHER_PROCEDURES.find((p) => p.id === id)?.label ?? OTHER_PROCEDURES[0].label;
  const shown = (s: unknown) => (typeof s === 'string' && s.trim() !== '' ? s : undefined);

  const answers: { field: SummaryKey; label: string; value: string | undefined }[] = [
    { field: 'name', label: '姓名（名称）', value: shown(v.name) },
    { field: 'phone', label: '手机号码', value: shown(v.phone) },
    { field: 'phone', label: '短信通知', value: smsOptOut ? '不接收' : '接收' },
    { field: 'email', label: '电子邮箱', value: shown(v.email) },
    { field: 'address', label: '住址', value: shown(v.address) },
    { field: 'idNumber', label: '身份证号码', value: shown(v.idNumber) },
    { field: 'region', label: '事项发生地', value: regionName(v.region) },
    { field: 'kind', label: '事项类别', value: kindLabel(v.kind) },
    { field: 'issueArea', label: '问题领域', value: areaName(v.issueArea) },
    { field: 'otherProcedure', label: '其他途径', value: procedureLabel(v.otherProcedure) },
    { field: 'title', label: '标题', value: shown(v.title) },
    { field: 'request', label: '诉求', value: shown(v.request) },
    { field: 'facts', label: '事实和理由', value: shown(v.facts) },
    {
      field: 'attachments',
      label: '附件',
      value: files.length > 0 ? files.map((f) => `${f.name}（${formatSize(f.size)}）`).join('\n') : undefined,
    },
  ];

  return (
    <form
      id="petition-form"
      method="post"
      action="/api/petitions"
      encType="multipart/form-data"
      noValidate={enhanced}
      onSubmit={onFormSubmit}
      data-enhanced={enhanced ? 'true' : undefined}
      data-stage={enhanced ? stage : undefined}
    >
      <div
        id="petition-errors"
        tabIndex={-1}
        ref={summaryRef}
        className={summary.length > 0 ? 'error-summary' : undefined}
        aria-labelledby={summary.length > 0 ? 'petition-errors-title' : undefined}
      >
        {summary.length > 0 && (
          <>
            <h2 id="petition-errors-title">请修改以下内容后再继续</h2>
            <ul>
              {summary.map((item) => (
                <li key={item.key}>
                  {item.key === 'form' ? (
                    item.message
                  ) : (
                    <a href={`#${inputId(item.key)}`} onClick={(e) => onSummaryLink(e, item.key)}>
                      {LABELS[item.key]}：{item.message}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div
        id="petition-status"
        tabIndex={-1}
        role="status"
        className={status ? `status-message${status.problem ? ' problem' : ''}` : undefined}
      >
        {status?.text}
      </div>

      <input type="hidden" {...register('submissionId')} />
      <input type="hidden" {...register('startedAt')} />
      <div className="hp-field" aria-hidden="true">
        <label htmlFor="petition-website">网站（请勿填写）</label>
        <input id="petition-website" type="text" tabIndex={-1} autoComplete="off" {...register('website')} />
      </div>

      <section className="stage" hidden={!visible(0)} aria-labelledby="petition-stage-0">
        {stageHeading(0)}
        {textInput({
          field: 'name',
          label: '姓名（名称）',
          hint: '以单位名义反映的，请填写单位全称。',
          autoComplete: 'name',
          size: 'medium',
        })}
        {textInput({
          field: 'phone',
          label: PHONE_LABEL,
          hint: PHONE_HINT,
          type: 'tel',
          inputMode: 'tel',
          autoComplete: 'tel',
          size: 'short',
        })}
        <div className="field">
          <div className="choice">
            <input
              type="checkbox"
              id="petition-smsOptOut"
              name="smsOptOut"
              value="true"
              aria-describedby="petition-smsOptOut-hint"
              checked={smsOptOut}
              onChange={(e) => setSmsOptOut(e.currentTarget.checked)}
            />
            <label htmlFor="petition-smsOptOut">
              不接收短信通知
              <span className="choice-hint" id="petition-smsOptOut-hint">
                不勾选的，我们会把查询码和办理进展用短信发到这个号码。勾选后不再发短信，请记好回执上的查询码。
              </span>
            </label>
          </div>
        </div>
        {textInput({
          field: 'email',
          label: '电子邮箱',
          optional: true,
          hint: '填写后，我们会把回执和办理进展发到这个邮箱。',
          type: 'email',
          inputMode: 'email',
          autoComplete: 'email',
        })}
        {textInput({
          field: 'address',
          label: '住址',
          hint: '写到门牌号，书面答复会寄到这里。',
          // street-address is for a multi-line control only (HTML autofill rules); one line takes address-line1.
          autoComplete: 'address-line1',
        })}
        {textInput({
          field: 'idNumber',
          label: '身份证号码',
          optional: true,
          hint: '18 位。填写后便于核实身份，不填不影响受理。',
          size: 'medium',
          inputMode: 'text',
          autoComplete: 'off',
        })}
        {/* After the fields, not above them: on a phone the first field must be on the first screen (finding 5). */}
        <p>我们按这些信息联系您、寄送书面答复。您的个人信息加密保存，只有办理人员可以查看。</p>
        {stageActions(0)}
      </section>

      <section className="stage" hidden={!visible(1)} aria-labelledby="petition-stage-1">
        {stageHeading(1)}
        {select({
          field: 'region',
          label: '事项发生在哪个乡镇（街道）',
          hint: `按照属地管理，由当地负责办理。不在${office.jurisdiction}的事项，请向当地信访部门反映。`,
          options: regions,
        })}

        <fieldset className={fieldClass('kind')} aria-describedby={describedBy('kind', true)}>
          <legend>您要反映的是哪一类事情</legend>
          <span className="hint" id="petition-kind-hint">
            选一项最接近的。选得不准也没有关系，工作人员会帮您分类。
          </span>
          {errorText('kind')}
          <div className="choices">
            {PETITION_KINDS.map((k) => (
              <div className="choice" key={k.id}>
                <input
                  type="radio"
                  id={`petition-kind-${k.id}`}
                  value={k.id}
                  aria-describedby={`petition-kind-${k.id}-hint`}
                  {...register('kind')}
                />
                <label htmlFor={`petition-kind-${k.id}`}>
                  {k.label}
                  <span className="choice-hint" id={`petition-kind-${k.id}-hint`}>
                    {k.hint}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        {select({
          field: 'issueArea',
          label: '问题属于哪个领域',
          hint: '不确定的，请选“其他”。',
          options: issueAreas,
        })}

        <fieldset className={fieldClass('otherProcedure')} aria-describedby={describedBy('otherProcedure', true)}>
          <legend>这件事是否已经或准备通过下列途径解决</legend>
          <span className="hint" id="petition-otherProcedure-hint">
            法院、仲裁、复议等途径有自己的程序，信访不能代替。如实选择，我们能更快告诉您该找哪里。
          </span>
          {errorText('otherProcedure')}
          <div className="choices">
            {OTHER_PROCEDURES.map((p) => (
              <div className="choice" key={p.id}>
                <input
                  type="radio"
                  id={`petition-otherProcedure-${p.id}`}
                  value={p.id}
                  {...register('otherProcedure')}
                />
                <label htmlFor={`petition-otherProcedure-${p.id}`}>{p.label}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <div aria-live="polite">
          {enhanced ? (
            adviceList(advice)
          ) : (
            <p className="routing-advice">
              已经在打官司、申请仲裁或行政复议的事项，会转到相应程序处理；检举控告党员干部、公职人员的，由
              {office.disciplineBody}受理。详见<a href="/which-channel/">找对渠道</a>。
            </p>
          )}
        </div>

        {textInput({
          field: 'title',
          label: '标题',
          hint: '用一句话概括您反映的事情，例如“某小区电梯停运三个月无人维修”。',
          maxChars: PETITION_LIMITS.titleMax,
        })}
        {textArea({
          field: 'request',
          label: '您的诉求',
          hint: '希望有关部门怎样处理，例如“请尽快修复电梯”。',
          maxChars: PETITION_LIMITS.requestMax,
          rows: 4,
        })}
        {textArea({
          field: 'facts',
          label: '事实和理由',
          hint: '发生了什么、从什么时候开始、涉及哪些单位或人员、您已经找过哪些部门。按时间顺序写清楚即可。',
          maxChars: PETITION_LIMITS.factsMax,
          rows: 10,
        })}
        {stageActions(1)}
      </section>

      <section className="stage" hidden={!visible(2)} aria-labelledby="petition-stage-2">
        {stageHeading(2)}
        <div className={fieldClass('attachments')}>
          <label htmlFor="petition-attachments">
            上传证明材料<span className="optional">（可不上传）</span>
          </label>
          <span className="hint" id="petition-attachments-hint">
            最多 {MAX_ATTACHMENTS} 个文件，每个不超过 10 MB，只能是 PDF、JPG 或 PNG。可以用手机把材料拍照后上传。
          </span>
          {enhanced && fileProblems.length > 0 && (
            <span className="field-error" id="petition-attachments-error" role="alert">
              {fileProblems.map((p) => (
                <span key={p} style={{ display: 'block' }}>
                  {p}
                </span>
              ))}
            </span>
          )}
          {serverErrors.attachments && errorText('attachments')}
          <input
            id="petition-attachments"
            type="file"
            name="attachments"
            multiple
            accept={ATTACHMENT_ACCEPT}
            aria-describedby={[
              'petition-attachments-hint',
              fileProblems.length > 0 || serverErrors.attachments ? 'petition-attachments-error' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            onChange={(e) => void onFilesChosen(e)}
            disabled={enhanced && files.length >= MAX_ATTACHMENTS}
          />
          {enhanced && (
            <>
              <p className="small" aria-live="polite">
                {files.length === 0
                  ? '还没有选择附件。'
                  : `已选择 ${files.length} 个附件，还可以再选 ${MAX_ATTACHMENTS - files.length} 个。`}
              </p>
              {files.length > 0 && (
                <ul className="file-list">
                  {files.map((f, i) => (
                    <li key={`${f.name}-${i}`}>
                      <span>
                        {f.name}（{formatSize(f.size)}）
                      </span>
                      <button type="button" className="link" onClick={() => removeFile(i)}>
                        移除<span className="visually-hidden">{f.name}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
        {stageActions(2)}
      </section>

      <section className="stage" hidden={!visible(3)} aria-labelledby="petition-stage-3">
        {stageHeading(3)}
        {enhanced && (
          <>
            <p>请核对您填写的内容。需要修改的，点“修改”回到那一项。</p>
            <dl className="check-answers">
              {answers.map((a) => (
                <div key={a.label}>
                  <dt>{a.label}</dt>
                  <dd className="answer">{a.value ?? '未填写'}</dd>
                  <dd>
                    <a href={`#${inputId(a.field)}`} onClick={(e) => onChangeLink(e, a.field)}>
                      修改<span className="visually-hidden">{a.label}</span>
                    </a>
                  </dd>
                </div>
              ))}
            </dl>
            {adviceList(advice)}
          </>
        )}

        <h3>个人信息保护说明</h3>
        <p id="petition-privacy-text">
          您填写的姓名、手机号码、电子邮箱、住址和身份证号码只用于办理本信访事项和联系您，加密保存，只有办理人员可以查看，不会公开。检举、揭发材料以及有关情况不得透露或者转给被检举、揭发的人员或者单位（《信访工作条例》第三十条第三款）。事项办结
          {retentionYears} 年后，个人信息会被删除或匿名化。查询进度时只显示办理情况，不显示个人信息。完整内容见
          <a href="/privacy/">个人信息保护说明</a>。
        </p>

        <div className={fieldClass('declaration')}>
          {errorText('declaration')}
          <div className="choice">
            <input
              type="checkbox"
              id="petition-declaration"
              aria-describedby={describedBy('declaration', false)}
              {...register('declaration')}
            />
            <label htmlFor="petition-declaration">
              我承诺所反映的情况客观真实，对所提供材料内容的真实性负责，不捏造、歪曲事实，不诬告、陷害他人（《信访工作条例》第十九条）。
            </label>
          </div>
        </div>
        <div className={fieldClass('privacyConsent')}>
          {errorText('privacyConsent')}
          <div className="choice">
            <input
              type="checkbox"
              id="petition-privacyConsent"
              aria-describedby={[
                'petition-privacy-text',
                errorOf('privacyConsent') ? 'petition-privacyConsent-error' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              {...register('privacyConsent')}
            />
            <label htmlFor="petition-privacyConsent">
              我已阅读上面的个人信息保护说明，同意按说明使用我的个人信息。
            </label>
          </div>
        </div>

        {enhanced && captcha === 'altcha' && (
          <CaptchaField ref={captchaRef} active={stage === CHECK_STAGE} error={serverErrors.altcha} />
        )}

        <div className="form-actions">
          {enhanced && (
            <button type="button" className="secondary" onClick={() => goToStage(CHECK_STAGE - 1)}>
              返回上一步
            </button>
          )}
          <button type="submit" disabled={submitting} aria-disabled={submitting || undefined}>
            {submitting ? '正在提交…' : '提交信访事项'}
          </button>
        </div>
      </section>

      {enhanced && (
        <div className="form-actions">
          <p className="small">
            您填写的文字会自动保存在这台电脑的浏览器里（附件和身份证号码除外），不会在提交前发送出去。在公共电脑上填写的，请在离开前清除草稿。
          </p>
          {confirmClear ? (
            // An inline question, not window.confirm: read out when it takes focus, keyboard-reachable,
            // and the safe answer comes first (issue 11, finding 7).
            <div
              className="confirm-clear"
              role="group"
              aria-labelledby="petition-clear-question"
              onKeyDown={(e) => {
                if (e.key === 'Escape') keepDraft();
              }}
            >
              <p id="petition-clear-question" tabIndex={-1}>
                <strong>确定要清除草稿吗？</strong>
                {draftLength(v) > 0 ? `您已经填写的 ${draftLength(v)} 个字` : '您填写的内容'}
                会全部删除，不能恢复。
              </p>
              <button type="button" id="petition-clear-cancel" onClick={keepDraft}>
                不清除，继续填写
              </button>
              <button type="button" id="petition-clear-confirm" className="secondary warning" onClick={onClearDraft}>
                确定清除
              </button>
            </div>
          ) : (
            <button type="button" id="petition-clear-draft" className="secondary" onClick={askToClearDraft}>
              清除草稿
            </button>
          )}
        </div>
      )}
    </form>
  );
}
