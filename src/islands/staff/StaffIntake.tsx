/**
 * 登记来信、来访、来电、传真: staff type in a petition that reached the office on paper, at the
 * counter or on the phone. The fields and their messages are the online form's (the one schema in
 * src/lib/staff-intake.ts, through zodResolver; the server parses again and is the authority). After
 * saving, the person at the desk sees the 查询码, the PIN for someone without a mobile, any earlier
 * case that may be the same matter, and the link to the slip to print.
 */
import { useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  isOralChannel,
  MAX_REPRESENTATIVES,
  ORAL_RECORD_BASIS,
  REPRESENTATIVES_BASIS,
  STAFF_CHANNELS,
} from '../../lib/channels';
import { addCalendarDays, shanghaiDate } from '../../lib/deadlines';
import { citationHref, citationText } from '../../lib/law-cite';
import {
  ATTACHMENT_ACCEPT,
  MAX_ATTACHMENTS,
  OTHER_PROCEDURES,
  PETITION_KINDS,
  PETITION_LIMITS,
} from '../../lib/petition-schema';
import { settings } from '../../lib/settings';
import {
  INTAKE_MESSAGES,
  intakeFieldErrors,
  StaffIntakeSchema,
  type IntakeResult,
  type ReceptionEntry,
  type StaffIntake,
  type StaffIntakeValues,
} from '../../lib/staff-intake';
import { addAttachments, formatSize } from '../petition-files';
import { callApi } from './staff-api';
import { CASES_PATH, RECEPTIONS_JSON_PATH } from './staff-routes';
import RepeatList from './RepeatList';
import StaffNav, { useStaffSession } from './StaffNav';

type Field = keyof StaffIntakeValues;
type SummaryKey = Field | 'attachments' | 'form';

const LABELS: Record<SummaryKey, string> = {
  submissionId: '页面信息',
  channel: '收到方式',
  receivedOn: '收到日期',
  name: '姓名（名称）',
  phone: '手机号码',
  email: '电子邮箱',
  address: '住址',
  region: '事项发生地',
  kind: '事项类别',
  issueArea: '问题领域',
  title: '标题',
  request: '诉求',
  facts: '事实和理由',
  idNumber: '身份证号码',
  otherProcedure: '其他途径',
  smsOptOut: '短信通知',
  oralConfirmed: '信访人确认记录',
  groupSize: '来访人数',
  representatives: '代表',
  receptionId: '领导接访日',
  attachments: '扫描件和照片',
  form: '保存',
};

/** The order of the summary: as the fields stand on the page. */
const ORDER: readonly SummaryKey[] = [
  'channel',
  'receivedOn',
  'receptionId',
  'groupSize',
  'representatives',
  'name',
  'phone',
  'smsOptOut',
  'email',
  'address',
  'idNumber',
  'region',
  'kind',
  'issueArea',
  'otherProcedure',
  'title',
  'request',
  'facts',
  'oralConfirmed',
  'attachments',
  'submissionId',
  'form',
];

const ERROR_PREFIX = '错误：';

function inputId(field: SummaryKey): string {
  if (field === 'channel') return `intake-channel-${STAFF_CHANNELS[0]?.id ?? 'letter'}`;
  if (field === 'kind') return `intake-kind-${PETITION_KINDS[0].id}`;
  if (field === 'otherProcedure') return `intake-otherProcedure-${OTHER_PROCEDURES[0].id}`;
  if (field === 'representatives') return 'intake-representatives-0-name';
  if (field === 'submissionId' || field === 'form') return 'intake-errors';
  return `intake-${field}`;
}

function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function emptyForm(channel: string): StaffIntakeValues {
  return {
    submissionId: newSubmissionId(),
    channel: channel as StaffIntake['channel'],
    receivedOn: shanghaiDate(new Date()),
    name: '',
    phone: '',
    email: '',
    address: '',
    region: '',
    kind: undefined as unknown as StaffIntake['kind'],
    issueArea: '',
    title: '',
    request: '',
    facts: '',
    idNumber: '',
    otherProcedure: undefined,
    smsOptOut: false,
    oralConfirmed: false,
    groupSize: '',
    representatives: [],
    receptionId: '',
  };
}

function charCount(s: unknown): number {
  return typeof s === 'string' ? [...s].length : 0;
}

function isIntakeResult(body: unknown): body is IntakeResult {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

interface SummaryItem {
  key: SummaryKey;
  message: string;
}

export default function StaffIntakeForm() {
  const session = useStaffSession();
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [serverErrors, setServerErrors] = useState<Partial<Record<SummaryKey, string>>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [receptions, setReceptions] = useState<ReceptionEntry[] | null>(null);
  const [group, setGroup] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<IntakeResult | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const [, requestRender] = useReducer((n: number) => n + 1, 0);
  const focusAfterRender = (id: string) => {
    pendingFocus.current = id;
    requestRender();
  };

  const {
    register,
    handleSubmit,
    getValues,
    setValue,
    reset,
    watch,
    control,
    formState: { errors },
  } = useForm<StaffIntakeValues, unknown, StaffIntake>({
    resolver: zodResolver(StaffIntakeSchema),
    defaultValues: emptyForm('letter'),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });
  const reps = useFieldArray({ control, name: 'representatives' as never });

  // ?channel=visit preselects the channel (the links from the inbox name it).
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('channel');
    if (wanted && STAFF_CHANNELS.some((c) => c.id === wanted)) reset(emptyForm(wanted));
  }, [reset]);

  useEffect(() => {
    if (session.kind !== 'signed-in') return;
    void callApi<{ receptions?: ReceptionEntry[] }>(RECEPTIONS_JSON_PATH).then((r) =>
      setReceptions(r.ok && Array.isArray(r.data.receptions) ? r.data.receptions : []),
    );
  }, [session.kind]);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const el = target === 'summary' ? summaryRef.current : document.getElementById(target);
    el?.focus();
  });

  useEffect(() => {
    const base = document.title.startsWith(ERROR_PREFIX) ? document.title.slice(ERROR_PREFIX.length) : document.title;
    document.title = summary.length > 0 ? ERROR_PREFIX + base : base;
  }, [summary]);

  const v = watch();
  const channel = typeof v.channel === 'string' ? v.channel : '';
  const oral = isOralChannel(channel);
  const visit = channel === 'visit';
  const hasPhone = typeof v.phone === 'string' && v.phone.trim() !== '';
  const today = shanghaiDate(new Date());
  // A visit is registered on the day it happened or later: past and today's receptions only.
  const pastReceptions = (receptions ?? [])
    .filter((r) => r.date <= today && r.date >= addCalendarDays(today, -366))
    .sort((a, b) => (a.date < b.date ? 1 : -1));

  function errorOf(field: SummaryKey): string | undefined {
    if (field !== 'attachments' && field !== 'form') {
      const e = errors[field];
      if (e && typeof e.message === 'string' && e.message) return e.message;
      // Errors inside one representative: the group's message, shown once at the list.
      if (field === 'representatives' && Array.isArray(e)) {
        const first = (e as ({ name?: { message?: string }; phone?: { message?: string } } | undefined)[]).find(
          Boolean,
        );
        const m = first?.name?.message ?? first?.phone?.message;
        if (m) return m;
      }
    }
    return serverErrors[field];
  }

  function clearServerError(field: SummaryKey) {
    setServerErrors((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }

  function describedBy(field: SummaryKey, hint: boolean, extra?: string): string | undefined {
    const ids = [hint ? `intake-${field}-hint` : '', extra ?? '', errorOf(field) ? `intake-${field}-error` : ''].filter(
      Boolean,
    );
    return ids.length > 0 ? ids.join(' ') : undefined;
  }

  function fieldClass(field: SummaryKey, extra = ''): string {
    return ['field', extra, errorOf(field) ? 'has-error' : ''].filter(Boolean).join(' ');
  }

  function errorText(field: SummaryKey) {
    const m = errorOf(field);
    if (!m) return null;
    return (
      <span className="field-error" id={`intake-${field}-error`}>
        <span className="visually-hidden">错误：</span>
        {m}
      </span>
    );
  }

  function showSummary(items: SummaryItem[]) {
    const sorted = [...items].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
    setSummary(sorted);
    if (sorted.length > 0) focusAfterRender('summary');
  }

  function textInput(props: {
    field: 'name' | 'phone' | 'email' | 'address' | 'idNumber' | 'title' | 'groupSize';
    label: string;
    hint?: ReactNode;
    optional?: boolean;
    size?: 'short' | 'medium';
    type?: 'text' | 'tel' | 'email';
    inputMode?: 'numeric' | 'tel' | 'email' | 'text';
    maxChars?: number;
  }) {
    const { field, label, hint, optional, size, type = 'text', inputMode, maxChars } = props;
    const count = maxChars ? charCount(v[field]) : 0;
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`intake-${field}`}>
          {label}
          {optional && <span className="optional">（可不填）</span>}
        </label>
        {hint && (
          <span className="hint" id={`intake-${field}-hint`}>
            {hint}
          </span>
        )}
        {errorText(field)}
        <input
          id={`intake-${field}`}
          type={type}
          className={size}
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          required={!optional}
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy(field, Boolean(hint), maxChars ? `intake-${field}-count` : undefined)}
          {...register(field)}
        />
        {maxChars && (
          <span className={count > maxChars ? 'count over' : 'count'} id={`intake-${field}-count`}>
            已输入 {count} 字，最多 {maxChars} 字
          </span>
        )}
      </div>
    );
  }

  function textArea(field: 'request' | 'facts', label: string, hint: ReactNode, maxChars: number, rows: number) {
    const count = charCount(v[field]);
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`intake-${field}`}>{label}</label>
        <span className="hint" id={`intake-${field}-hint`}>
          {hint}
        </span>
        {errorText(field)}
        <textarea
          id={`intake-${field}`}
          rows={rows}
          required
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy(field, true, `intake-${field}-count`)}
          {...register(field)}
        />
        <span className={count > maxChars ? 'count over' : 'count'} id={`intake-${field}-count`}>
          已输入 {count} 字，最多 {maxChars} 字
        </span>
      </div>
    );
  }

  function select(field: 'region' | 'issueArea', label: string, hint: string, options: { id: string; name: string }[]) {
    return (
      <div className={fieldClass(field)}>
        <label htmlFor={`intake-${field}`}>{label}</label>
        <span className="hint" id={`intake-${field}-hint`}>
          {hint}
        </span>
        {errorText(field)}
        <select
          id={`intake-${field}`}
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

  function checkbox(field: 'smsOptOut' | 'oralConfirmed', label: ReactNode, hint?: ReactNode) {
    return (
      <div className={fieldClass(field)}>
        {hint && (
          <span className="hint" id={`intake-${field}-hint`}>
            {hint}
          </span>
        )}
        {errorText(field)}
        <div className="choice">
          <input
            type="checkbox"
            id={`intake-${field}`}
            aria-invalid={errorOf(field) ? true : undefined}
            aria-describedby={describedBy(field, Boolean(hint))}
            {...register(field, { onChange: () => clearServerError(field) })}
          />
          <label htmlFor={`intake-${field}`}>{label}</label>
        </div>
      </div>
    );
  }

  /** What the schema is given: the group's fields only for a group visit, the reception only for a visit. */
  function payloadOf(values: StaffIntakeValues): StaffIntakeValues {
    const out: StaffIntakeValues = { ...values };
    if (!(visit && group)) {
      out.groupSize = '';
      out.representatives = [];
    }
    if (!visit) out.receptionId = '';
    if (!oral) out.oralConfirmed = false;
    return out;
  }

  async function save() {
    setSaving(true);
    setProblem(null);
    const values = payloadOf(getValues());
    const form = new FormData();
    form.append('payload', JSON.stringify(values));
    for (const f of files) form.append('attachments', f, f.name);
    const r = await callApi<unknown>(CASES_PATH, files.length > 0 ? { form } : { body: values });
    setSaving(false);
    if (r.ok && isIntakeResult(r.data)) {
      setResult(r.data);
      setSummary([]);
      focusAfterRender('intake-result');
      return;
    }
    if (!r.ok && Object.keys(r.fields).length > 0) {
      const errs: Partial<Record<SummaryKey, string>> = {};
      for (const [k, m] of Object.entries(r.fields)) errs[(k in LABELS ? k : 'form') as SummaryKey] = m;
      setServerErrors(errs);
      showSummary((Object.keys(errs) as SummaryKey[]).map((key) => ({ key, message: errs[key]! })));
      return;
    }
    setProblem(r.ok ? '保存的结果格式不对，请到待办事项中查看是否已经登记，再决定是否重新保存。' : r.message);
    focusAfterRender('intake-status');
  }

  function onInvalid() {
    const parsed = StaffIntakeSchema.safeParse(payloadOf(getValues()));
    const map: Record<string, string | undefined> = parsed.success ? {} : intakeFieldErrors(parsed.error);
    // zod checks the whole-form rules (the oral record, the group's representatives) only once every
    // field parses: name them now too, so the person fixes everything in one pass.
    const values = getValues();
    const extra: Partial<Record<SummaryKey, string>> = {};
    if (oral && values.oralConfirmed !== true && !map['oralConfirmed'])
      extra.oralConfirmed = INTAKE_MESSAGES.oralConfirmed;
    if (visit && group && reps.fields.length === 0 && !map['representatives'])
      extra.representatives = INTAKE_MESSAGES.representativesNeeded;
    setServerErrors(extra);
    Object.assign(map, extra);
    const items = Object.entries(map).flatMap(([key, message]) =>
      message ? [{ key: (key in LABELS ? key : 'form') as SummaryKey, message }] : [],
    );
    showSummary(items.length > 0 ? items : [{ key: 'form', message: '登记信息有误，请按提示修改后再保存。' }]);
  }

  function onSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (saving) return;
    setServerErrors({});
    // The group's fields are validated only when they are sent: clear them first for a single visitor.
    if (!(visit && group)) {
      setValue('groupSize', '');
      setValue('representatives', []);
    }
    if (!visit) setValue('receptionId', '');
    if (!oral) setValue('oralConfirmed', false);
    void handleSubmit(save, onInvalid)(e);
  }

  async function onFilesChosen(e: React.ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const chosen = input.files ? [...input.files] : [];
    input.value = '';
    const { files: next, problems } = await addAttachments(files, chosen);
    setFiles(next);
    setFileProblems(problems);
  }

  function onReceptionChosen(id: string) {
    const r = pastReceptions.find((x) => x.id === id);
    // The leader received the visitor on that day: the day of receipt is the reception's.
    if (r) setValue('receivedOn', r.date, { shouldValidate: summary.length > 0 });
  }

  function onSummaryLink(e: React.MouseEvent<HTMLAnchorElement>, key: SummaryKey) {
    e.preventDefault();
    document.getElementById(inputId(key))?.focus();
  }

  function startAgain() {
    const keep = channel || 'letter';
    reset(emptyForm(keep));
    setFiles([]);
    setFileProblems([]);
    setGroup(false);
    setResult(null);
    setServerErrors({});
    setSummary([]);
    focusAfterRender('intake-heading');
  }

  if (session.kind !== 'signed-in') {
    return (
      <>
        <StaffNav session={session} current="intake" />
        <h1>登记来信、来访、来电、传真</h1>
      </>
    );
  }

  if (result) return <Registered result={result} session={session} onNext={startAgain} />;

  const chosenChannel = STAFF_CHANNELS.find((c) => c.id === channel);
  return (
    <>
      <StaffNav session={session} current="intake" />
      <h1 id="intake-heading" tabIndex={-1}>
        {chosenChannel ? chosenChannel.verb : '登记信访事项'}
      </h1>
      <p>
        书信、走访、电话、传真收到的信访事项在这里登记，登记后得到一个查询码，和网上信访一样查询进度、评价和请求复查。保存后可以打印受理回执（告知单）交给信访人或随书面告知寄出。
      </p>
      <form className="staff-form intake-form" onSubmit={onSubmit} noValidate aria-labelledby="intake-heading">
        <div
          id="intake-errors"
          tabIndex={-1}
          ref={summaryRef}
          className={summary.length > 0 ? 'error-summary' : undefined}
          aria-labelledby={summary.length > 0 ? 'intake-errors-title' : undefined}
        >
          {summary.length > 0 && (
            <>
              <h2 id="intake-errors-title">请修改以下内容后再保存</h2>
              <ul>
                {summary.map((item) => (
                  <li key={item.key}>
                    {item.key === 'form' || item.key === 'submissionId' ? (
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
        <input type="hidden" {...register('submissionId')} />

        <section aria-labelledby="intake-how">
          <h2 id="intake-how">怎么收到的</h2>
          <fieldset className={fieldClass('channel')} aria-describedby={describedBy('channel', false)}>
            <legend>收到方式</legend>
            {errorText('channel')}
            <div className="choices inline">
              {STAFF_CHANNELS.map((c) => (
                <div className="choice" key={c.id}>
                  <input type="radio" id={`intake-channel-${c.id}`} value={c.id} {...register('channel')} />
                  <label htmlFor={`intake-channel-${c.id}`}>
                    {c.label}（{c.verb}）
                  </label>
                </div>
              ))}
            </div>
          </fieldset>

          <div className={fieldClass('receivedOn')}>
            <label htmlFor="intake-receivedOn">收到日期</label>
            <span className="hint" id="intake-receivedOn-hint">
              信访部门收到的那一天（来信以收信日为准），登记和转送交办的 15
              日从这一天起算，不从录入这天算。默认今天，可以改成更早的日期。
            </span>
            {errorText('receivedOn')}
            <input
              id="intake-receivedOn"
              type="date"
              className="short"
              max={today}
              min={addCalendarDays(today, -366)}
              required
              aria-invalid={errorOf('receivedOn') ? true : undefined}
              aria-describedby={describedBy('receivedOn', true)}
              {...register('receivedOn')}
            />
          </div>

          {visit && (
            <>
              <div className={fieldClass('receptionId')}>
                <label htmlFor="intake-receptionId">
                  领导接访日<span className="optional">（不是领导接访的，不选）</span>
                </label>
                <span className="hint" id="intake-receptionId-hint">
                  在领导接访日来访的，选择那一场接访；接访的领导成为本事项的包案领导，收到日期改为接访那天。
                </span>
                {errorText('receptionId')}
                <select
                  id="intake-receptionId"
                  aria-invalid={errorOf('receptionId') ? true : undefined}
                  aria-describedby={describedBy('receptionId', true)}
                  {...register('receptionId', {
                    onChange: (e: React.ChangeEvent<HTMLSelectElement>) => onReceptionChosen(e.target.value),
                  })}
                >
                  <option value="">不是领导接访日</option>
                  {pastReceptions.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.date} {r.start}—{r.end} {r.leader.name}（{r.leader.post}） {r.place}
                    </option>
                  ))}
                </select>
                {receptions === null && <span className="small">正在载入接访日列表…</span>}
              </div>

              <div className="field">
                <div className="choice">
                  <input
                    type="checkbox"
                    id="intake-group"
                    checked={group}
                    onChange={(e) => setGroup(e.currentTarget.checked)}
                    aria-describedby="intake-group-hint"
                  />
                  <label htmlFor="intake-group">多人走访（集体访）</label>
                </div>
                <span className="hint" id="intake-group-hint">
                  多人就同一事项走访的，应当推选代表，代表不超过 {MAX_REPRESENTATIVES} 人（
                  <a href={citationHref(REPRESENTATIVES_BASIS)}>{citationText(REPRESENTATIVES_BASIS)}</a>）。
                </span>
              </div>

              {group && (
                <fieldset className="group-visit">
                  <legend>来访人数和代表</legend>
                  {textInput({
                    field: 'groupSize',
                    label: '来访人数',
                    hint: '一共来了多少人，包括代表。',
                    inputMode: 'numeric',
                    size: 'short',
                  })}
                  <div
                    className={fieldClass('representatives')}
                    role="group"
                    aria-labelledby="intake-representatives-label"
                    aria-describedby={describedBy('representatives', true)}
                  >
                    <p className="label" id="intake-representatives-label">
                      推选的代表
                    </p>
                    <span className="hint" id="intake-representatives-hint">
                      至少 1 人，最多 {MAX_REPRESENTATIVES} 人；手机号码可不填。
                    </span>
                    {errorText('representatives')}
                    <ol className="representatives">
                      {reps.fields.map((f, i) => (
                        <li key={f.id}>
                          <div className="field">
                            <label htmlFor={`intake-representatives-${i}-name`}>代表 {i + 1} 姓名</label>
                            <input
                              id={`intake-representatives-${i}-name`}
                              type="text"
                              className="medium"
                              autoComplete="off"
                              {...register(`representatives.${i}.name` as 'name')}
                            />
                          </div>
                          <div className="field">
                            <label htmlFor={`intake-representatives-${i}-phone`}>
                              代表 {i + 1} 手机号码<span className="optional">（可不填）</span>
                            </label>
                            <input
                              id={`intake-representatives-${i}-phone`}
                              type="tel"
                              className="short"
                              inputMode="tel"
                              autoComplete="off"
                              {...register(`representatives.${i}.phone` as 'phone')}
                            />
                          </div>
                          <button type="button" className="link" onClick={() => reps.remove(i)}>
                            删去代表 {i + 1}
                          </button>
                        </li>
                      ))}
                    </ol>
                    {reps.fields.length < MAX_REPRESENTATIVES ? (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          reps.append({ name: '', phone: '' });
                          clearServerError('representatives');
                          focusAfterRender(`intake-representatives-${reps.fields.length}-name`);
                        }}
                      >
                        添加一位代表
                      </button>
                    ) : (
                      <p className="small">已登记 {MAX_REPRESENTATIVES} 位代表，不能再多。</p>
                    )}
                  </div>
                </fieldset>
              )}
            </>
          )}
        </section>

        <section aria-labelledby="intake-who">
          <h2 id="intake-who">{visit && group ? '信访人（第一位代表）' : '信访人'}</h2>
          {textInput({
            field: 'name',
            label: '姓名（名称）',
            hint: '以单位名义反映的，填写单位全称。',
            size: 'medium',
          })}
          {textInput({
            field: 'phone',
            label: '手机号码',
            optional: true,
            hint: '没有手机的可不填：回执上会打印一个 4 位查询密码，代替手机号码后四位查询进度。',
            type: 'tel',
            inputMode: 'tel',
            size: 'short',
          })}
          {hasPhone &&
            checkbox(
              'smsOptOut',
              '信访人不要短信通知',
              '填了手机号码的，查询码和每一步进展会用短信告诉信访人；不要的，勾选这一项。',
            )}
          {textInput({
            field: 'email',
            label: '电子邮箱',
            optional: true,
            hint: '填写后，回执和办理进展也会发到这个邮箱。',
            type: 'email',
            inputMode: 'email',
          })}
          {textInput({ field: 'address', label: '住址', hint: '写到门牌号，书面告知和答复寄到这里。' })}
          {textInput({
            field: 'idNumber',
            label: '身份证号码',
            optional: true,
            hint: '18 位。填写后便于查出同一人以前的信访事项。',
            size: 'medium',
          })}
        </section>

        <section aria-labelledby="intake-what">
          <h2 id="intake-what">反映的事项</h2>
          {select('region', '事项发生在哪个乡镇（街道）', `按照属地管理，由当地负责办理。`, settings.regions)}
          <fieldset className={fieldClass('kind')} aria-describedby={describedBy('kind', false)}>
            <legend>事项类别</legend>
            {errorText('kind')}
            <div className="choices">
              {PETITION_KINDS.map((k) => (
                <div className="choice" key={k.id}>
                  <input type="radio" id={`intake-kind-${k.id}`} value={k.id} {...register('kind')} />
                  <label htmlFor={`intake-kind-${k.id}`}>{k.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
          {select('issueArea', '问题领域', '不确定的，选“其他”。', settings.issueAreas)}
          <fieldset className={fieldClass('otherProcedure')} aria-describedby={describedBy('otherProcedure', false)}>
            <legend>是否已经或准备通过诉讼、仲裁、复议等途径解决</legend>
            {errorText('otherProcedure')}
            <div className="choices">
              {OTHER_PROCEDURES.map((p) => (
                <div className="choice" key={p.id}>
                  <input
                    type="radio"
                    id={`intake-otherProcedure-${p.id}`}
                    value={p.id}
                    {...register('otherProcedure')}
                  />
                  <label htmlFor={`intake-otherProcedure-${p.id}`}>{p.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
          {textInput({
            field: 'title',
            label: '标题',
            hint: '一句话概括反映的事情。',
            maxChars: PETITION_LIMITS.titleMax,
          })}
          {textArea(
            'request',
            oral ? '诉求（按信访人所说如实记录）' : '诉求',
            '信访人希望有关部门怎样处理。',
            PETITION_LIMITS.requestMax,
            3,
          )}
          {textArea(
            'facts',
            oral ? '事实和理由（按信访人所说如实记录）' : '事实和理由',
            oral
              ? '用信访人自己的话记下发生了什么、从什么时候开始、涉及哪些单位或人员、已经找过哪些部门。'
              : '来信、传真的主要内容；原件扫描后作为附件上传。',
            PETITION_LIMITS.factsMax,
            8,
          )}
          {oral &&
            checkbox(
              'oralConfirmed',
              '已向信访人宣读（电话中复述）以上记录，信访人确认记录属实',
              <>
                口头提出的信访事项，应当如实记录（
                <a href={citationHref(ORAL_RECORD_BASIS)}>{citationText(ORAL_RECORD_BASIS)}</a>）。
              </>,
            )}
        </section>

        <section aria-labelledby="intake-files">
          <h2 id="intake-files">扫描件和照片</h2>
          <div className={fieldClass('attachments')}>
            <label htmlFor="intake-attachments">
              上传来信、传真的扫描件或材料照片<span className="optional">（可不上传）</span>
            </label>
            <span className="hint" id="intake-attachments-hint">
              最多 {MAX_ATTACHMENTS} 个文件，每个不超过 10 MB，只能是 PDF、JPG 或 PNG。
            </span>
            {fileProblems.length > 0 && (
              <span className="field-error" id="intake-attachments-error" role="alert">
                {fileProblems.map((p) => (
                  <span key={p} style={{ display: 'block' }}>
                    {p}
                  </span>
                ))}
              </span>
            )}
            {fileProblems.length === 0 && errorText('attachments')}
            <input
              id="intake-attachments"
              type="file"
              multiple
              accept={ATTACHMENT_ACCEPT}
              aria-describedby={[
                'intake-attachments-hint',
                fileProblems.length > 0 || errorOf('attachments') ? 'intake-attachments-error' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              onChange={(e) => void onFilesChosen(e)}
              disabled={files.length >= MAX_ATTACHMENTS}
            />
            <p className="small" aria-live="polite">
              {files.length === 0
                ? '还没有选择文件。'
                : `已选择 ${files.length} 个文件，还可以再选 ${MAX_ATTACHMENTS - files.length} 个。`}
            </p>
            {files.length > 0 && (
              <ul className="file-list">
                {files.map((f, i) => (
                  <li key={`${f.name}-${i}`}>
                    <span>
                      {f.name}（{formatSize(f.size)}）
                    </span>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setFiles((prev) => prev.filter((_, j) => j !== i));
                        focusAfterRender('intake-attachments');
                      }}
                    >
                      移除<span className="visually-hidden">{f.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>

        <div id="intake-status" tabIndex={-1} role="status" className={problem ? 'status-message problem' : undefined}>
          {problem}
        </div>
        <div className="form-actions">
          <button type="submit" disabled={saving} aria-disabled={saving || undefined}>
            {saving ? '正在保存…' : '保存登记'}
          </button>
          <a href="/staff/">返回待办事项</a>
        </div>
      </form>
    </>
  );
}

function Registered({
  result,
  session,
  onNext,
}: {
  result: IntakeResult;
  session: ReturnType<typeof useStaffSession>;
  onNext: () => void;
}) {
  const caseHref = `/staff/case/?id=${encodeURIComponent(result.id)}`;
  return (
    <>
      <StaffNav session={session} current="intake" />
      <h1 id="intake-result" tabIndex={-1}>
        {result.existing ? '这件事项已经登记过' : '已登记'}
      </h1>
      <div className="status-message" role="status">
        <p>
          查询码：<strong className="code-inline">{result.codeFormatted}</strong>
          {result.existing && '（同一次保存重复提交，没有重复登记）'}
        </p>
        {result.pin && (
          <p>
            查询密码：<strong className="code-inline">{result.pin}</strong>
            。信访人没有手机号码，查询进度时在“手机号码后四位”一栏输入这 4
            位数字。密码印在回执上，请把回执交给信访人或随书面告知寄出。
          </p>
        )}
      </div>
      <p className="form-actions">
        <a className="button" href={result.slipUrl}>
          打印受理回执（告知单）
        </a>
        <a href={caseHref}>打开这件事项</a>
        <button type="button" className="secondary" onClick={onNext}>
          登记下一件
        </button>
      </p>

      <RepeatList repeats={result.repeats} />
    </>
  );
}
