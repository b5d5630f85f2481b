/**
 * One small form per action of the regulation. The case page shows only the forms whose action the
 * server lists as allowed from the current state (workflow.ts), so a form never offers a step the
 * server would refuse; when the state changed meanwhile, the 409 message is shown as it comes.
 * Field names are those of ACTION_BODY_SCHEMAS in src/lib/case-actions.ts (each form's body is
 * typed by ActionBody); the server's zod
 * messages are shown next to each field, so the rules live in one place.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import {
  NOT_ACCEPT_GROUNDS,
  NOT_ACCEPT_GROUND_INFO,
  REPLY_DECISIONS,
  REPLY_DECISION_LABELS,
  ROUTE_TARGETS,
  ROUTE_TARGET_INFO,
  TRANSITIONS,
} from '../../lib/workflow';
import {
  ADOPTION_OPTIONS,
  KIND_OPTIONS,
  RECOMMENDATION_OPTIONS,
  STAFF_DELIVERY_OPTIONS,
} from '../../lib/action-options';
import type { ActionField, StaffAction } from '../../lib/case-actions';
import type { ConsoleAction, ReplyTemplate } from '../../lib/staff-api';
import { callApi } from './staff-api';
import { caseActionPath, TEMPLATES_PATH } from './staff-routes';
import { articleLink } from './staff-format';

export type { ConsoleAction };

export interface ActionContext {
  caseId: string;
  /** The citizen's request as submitted, the start of the 处理意见书's 投诉请求. */
  request: string;
  issueArea: string;
  /** Called after the server recorded the action; `label` names what was done. */
  onDone: (label: string) => void;
}

/** What each action means for the person handling it, with the article it rests on. */
const ACTION_HELP: Partial<Record<ConsoleAction, string>> = {
  register: '登记后开始计算 15 日内决定处理方式的期限（第二十二条）。',
  route: '属于诉讼、仲裁、复议等法定途径处理的事项，告知信访人应当通过的途径（第三十一条）。说明会显示给信访人。',
  transfer: '转送有权处理的机关、单位（第二十二条）。该单位应在收到后 15 日内书面告知信访人。',
  assign: '交由有权处理的机关、单位办理，并指定办理期限（第二十二条）。',
  accept: '受理并告知信访人。申诉求决类事项自受理之日起 60 日内办结（第三十四条）。',
  not_accept: '只能在第十九条第三款、第三十六条第三款规定的情形下不予受理，并写明理由。',
  return: '承办单位认为不属于其职权范围，提出异议退回，重新决定处理方式（第二十三条第三款）。内部操作，信访人看不到。',
  extend:
    '情况复杂的，经负责人批准可以延长办理期限，但延长期限不得超过 30 日，只能延长一次，延期理由告知信访人（第三十四条）。',
  hearing_start: '复核需要听证的，听证所需时间不计入 30 日期限（第三十六条第二款）。',
  hearing_end: '听证结束，继续计算复核期限。',
  reply: '出具信访处理意见书（第三十二条）。信访人会在查询页面看到，并可在收到之日起 30 日内请求复查。',
  mediate: '经调解、和解达成一致的，记录协议要点（第三十三条）。',
  close: '办结本事项。已答复的，须等信访人请求复查的期限届满后才能办结。',
  note: '内部备注只有工作人员能看到，不会告知信访人。',
};

export function actionLabel(action: ConsoleAction): string {
  if (action === 'note') return '内部备注';
  if (action === 'reclassify') return '更正事项类别';
  if (action === 'reply_delivered') return '登记书面答复送达';
  if (action === 'recuse') return '申请回避';
  if (action === 'report_urgent') return '报告重大、紧急信访事项';
  if (action === 'recommend') return '信访部门提出建议';
  if (action === 'recommend_feedback') return '书面反馈建议采纳情况';
  return TRANSITIONS.find((t) => t.action === action)?.label ?? action;
}

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  optional?: boolean;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

function Field({ id, label, hint, error, optional, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional">（选填）</span>}
      </label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">错误：</span>
          {error}
        </span>
      )}
      {children(described, Boolean(error))}
    </div>
  );
}

interface ChoiceGroupProps {
  idBase: string;
  name: string;
  legend: string;
  error?: string | undefined;
  options: readonly { id: string; label: string; hint?: string }[];
  value?: string;
  onChange?: (v: string) => void;
}

function ChoiceGroup({ idBase, name, legend, error, options, value, onChange }: ChoiceGroupProps) {
  return (
    <fieldset className={error ? 'field has-error' : 'field'} aria-describedby={error ? `${idBase}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <span className="field-error" id={`${idBase}-error`}>
          <span className="visually-hidden">错误：</span>
          {error}
        </span>
      )}
      <div className="choices">
        {options.map((o, i) => (
          <div className="choice" key={o.id}>
            <input
              type="radio"
              id={i === 0 ? `${idBase}` : `${idBase}-${o.id}`}
              name={name}
              value={o.id}
              {...(value === undefined ? {} : { checked: value === o.id, onChange: () => onChange?.(o.id) })}
            />
            <label htmlFor={i === 0 ? `${idBase}` : `${idBase}-${o.id}`}>
              {o.label}
              {o.hint && <span className="choice-hint small"> {o.hint}</span>}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A body for an action, with only the field names its schema knows (the server checks the values). */
type ActionDraft<A extends StaffAction> = { [K in ActionField<A>]?: unknown };

interface FormShellProps<A extends StaffAction> {
  action: A;
  ctx: ActionContext;
  /** Turns the form's fields into the request body. */
  build: (fd: FormData) => ActionDraft<A>;
  submitLabel: string;
  children: (ids: (field: ActionField<A>) => string, errors: Record<string, string>) => ReactNode;
}

/** Posts one action; shows the server's field messages in a summary that takes focus. */
function FormShell<A extends StaffAction>({ action, ctx, build, submitLabel, children }: FormShellProps<A>) {
  const uid = useId().replace(/:/g, '');
  const ids = (field: string) => `act-${action}-${field}-${uid}`;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Counts refused posts, so that each one moves focus to the summary, even with the same messages. */
  const [refusals, setRefusals] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  // Focus in the commit that shows the messages: a frame later (requestAnimationFrame) lost the
  // race on a busy machine, and a screen reader or a quick keyboard user started from the button.
  useLayoutEffect(() => {
    if (refusals > 0) summaryRef.current?.focus();
  }, [refusals]);

  async function onSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = build(new FormData(e.currentTarget));
    const r = await callApi<unknown>(caseActionPath(ctx.caseId, action), { body });
    setBusy(false);
    if (r.ok) {
      setErrors({});
      setProblem(null);
      ctx.onDone(actionLabel(action));
      return;
    }
    setErrors(r.fields);
    setProblem(r.message);
    setRefusals((n) => n + 1);
  }

  const fieldErrors = Object.entries(errors).filter(([k]) => k !== 'form');
  return (
    <form className="staff-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <div
        ref={summaryRef}
        tabIndex={-1}
        className={problem ? 'error-summary' : undefined}
        role={problem ? 'alert' : undefined}
      >
        {problem && (
          <>
            <h3>{fieldErrors.length > 0 ? '请修改以下内容后再提交' : '没有完成这项操作'}</h3>
            {fieldErrors.length > 0 ? (
              <ul>
                {fieldErrors.map(([k, msg]) => (
                  <li key={k}>
                    <a
                      href={`#${ids(k)}`}
                      onClick={(ev) => {
                        ev.preventDefault();
                        document.getElementById(ids(k))?.focus();
                      }}
                    >
                      {msg}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{problem}</p>
            )}
          </>
        )}
      </div>
      {children(ids, errors)}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? '正在提交…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

const str = (fd: FormData, k: string): string => {
  const v = fd.get(k);
  return typeof v === 'string' ? v : '';
};
/** Optional text: left out when empty, so the server's optional fields stay absent. */
const opt = (fd: FormData, k: string): Record<string, string> => (str(fd, k).trim() === '' ? {} : { [k]: str(fd, k) });

/** A choice from a short list, with "请选择" first so that nothing is chosen by accident. */
function Select({
  id,
  name,
  describedBy,
  invalid,
  options,
}: {
  id: string;
  name: string;
  describedBy: string | undefined;
  invalid: boolean;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <select id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
      <option value="">请选择</option>
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

function DateInput({
  id,
  name,
  describedBy,
  invalid,
  className,
}: {
  id: string;
  name: string;
  describedBy: string | undefined;
  invalid: boolean;
  className?: string;
}) {
  return (
    <input
      type="date"
      id={id}
      name={name}
      className={className}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
    />
  );
}

function TextArea({
  id,
  name,
  describedBy,
  invalid,
  defaultValue,
  rows = 4,
}: {
  id: string;
  name: string;
  describedBy: string | undefined;
  invalid: boolean;
  defaultValue?: string;
  rows?: number;
}) {
  return (
    <textarea
      id={id}
      name={name}
      rows={rows}
      defaultValue={defaultValue}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
    />
  );
}

function RouteForm({ ctx }: { ctx: ActionContext }) {
  const [target, setTarget] = useState<string>('');
  const [explanation, setExplanation] = useState('');
  return (
    <FormShell
      action="route"
      ctx={ctx}
      submitLabel="导入法定途径"
      build={(fd) => ({ target: str(fd, 'target'), explanation: str(fd, 'explanation') })}
    >
      {(ids, errors) => (
        <>
          <ChoiceGroup
            idBase={ids('target')}
            name="target"
            legend="应当通过的法定途径"
            error={errors['target']}
            value={target}
            onChange={(v) => {
              setTarget(v);
              // Start from the standard wording; staff adapt it to the case.
              const info = ROUTE_TARGET_INFO[v as (typeof ROUTE_TARGETS)[number]];
              if (info && explanation.trim() === '') setExplanation(info.explanation);
            }}
            options={ROUTE_TARGETS.map((t) => ({ id: t, label: ROUTE_TARGET_INFO[t].label }))}
          />
          <Field
            id={ids('explanation')}
            name="explanation"
            label="给信访人的说明"
            hint="信访人会在查询页面和邮件中看到这段话。请写明去哪里、怎样办理。"
            error={errors['explanation']}
          >
            {(d, inv) => (
              <textarea
                id={ids('explanation')}
                name="explanation"
                rows={4}
                value={explanation}
                onChange={(e) => setExplanation(e.currentTarget.value)}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function UnitForm({ ctx, action }: { ctx: ActionContext; action: 'transfer' | 'assign' }) {
  return (
    <FormShell
      action={action}
      ctx={ctx}
      submitLabel={action === 'transfer' ? '转送' : '交办'}
      build={(fd) =>
        action === 'assign' ? { unit: str(fd, 'unit'), dueDate: str(fd, 'dueDate') } : { unit: str(fd, 'unit') }
      }
    >
      {(ids, errors) => (
        <>
          <Field
            id={ids('unit')}
            name="unit"
            label={action === 'transfer' ? '转送单位' : '承办单位'}
            hint="写单位全称，例如 示例县人力资源和社会保障局。"
            error={errors['unit']}
          >
            {(d, inv) => (
              <input type="text" id={ids('unit')} name="unit" aria-describedby={d} aria-invalid={inv || undefined} />
            )}
          </Field>
          {action === 'assign' && (
            <Field
              id={ids('dueDate')}
              name="dueDate"
              label="指定办理期限"
              hint="承办单位应在这一天之前反馈结果，须晚于今天。"
              error={errors['dueDate']}
            >
              {(d, inv) => (
                <DateInput id={ids('dueDate')} name="dueDate" describedBy={d} invalid={inv} className="short" />
              )}
            </Field>
          )}
        </>
      )}
    </FormShell>
  );
}

function AcceptForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell action="accept" ctx={ctx} submitLabel="受理" build={(fd) => opt(fd, 'notice')}>
      {(ids, errors) => (
        <Field
          id={ids('notice')}
          name="notice"
          label="告知信访人的内容"
          optional
          hint="例如承办部门和联系方式。不填写时，信访人看到标准的受理说明。"
          error={errors['notice']}
        >
          {(d, inv) => <TextArea id={ids('notice')} name="notice" describedBy={d} invalid={inv} rows={3} />}
        </Field>
      )}
    </FormShell>
  );
}

function NotAcceptForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="not_accept"
      ctx={ctx}
      submitLabel="不予受理"
      build={(fd) => ({ ground: str(fd, 'ground'), reasons: str(fd, 'reasons') })}
    >
      {(ids, errors) => (
        <>
          <ChoiceGroup
            idBase={ids('ground')}
            name="ground"
            legend="不予受理的情形"
            error={errors['ground']}
            options={NOT_ACCEPT_GROUNDS.map((g) => ({
              id: g,
              label: NOT_ACCEPT_GROUND_INFO[g].label,
              hint: NOT_ACCEPT_GROUND_INFO[g].explanation,
            }))}
          />
          <Field
            id={ids('reasons')}
            name="reasons"
            label="不予受理的理由"
            hint="信访人会看到这段话，请写明具体事实。"
            error={errors['reasons']}
          >
            {(d, inv) => <TextArea id={ids('reasons')} name="reasons" describedBy={d} invalid={inv} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function ReturnForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell action="return" ctx={ctx} submitLabel="异议退回" build={(fd) => ({ reason: str(fd, 'reason') })}>
      {(ids, errors) => (
        <Field
          id={ids('reason')}
          name="reason"
          label="异议理由"
          hint="详细说明为什么不属于该单位的职权范围。"
          error={errors['reason']}
        >
          {(d, inv) => <TextArea id={ids('reason')} name="reason" describedBy={d} invalid={inv} rows={3} />}
        </Field>
      )}
    </FormShell>
  );
}

/** A6: the kind decides the clock (60 days of Art. 34 only for 申诉求决), so a correction needs a reason. */
function ReclassifyForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="reclassify"
      ctx={ctx}
      submitLabel="更正类别"
      build={(fd) => ({ kind: str(fd, 'kind'), reason: str(fd, 'reason') })}
    >
      {(ids, errors) => (
        <>
          <Field
            id={ids('kind')}
            name="kind"
            label="更正后的类别"
            hint="申诉求决类按第三十一条第六项办理的，自受理之日起 60 日内办结；其他类别没有这个期限。"
            error={errors['kind']}
          >
            {(d, inv) => <Select id={ids('kind')} name="kind" describedBy={d} invalid={inv} options={KIND_OPTIONS} />}
          </Field>
          <Field
            id={ids('reason')}
            name="reason"
            label="更正理由"
            hint="信访人会看到更正理由。"
            error={errors['reason']}
          >
            {(d, inv) => <TextArea id={ids('reason')} name="reason" describedBy={d} invalid={inv} rows={3} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

/** A8/A10: the 复查/复核 window counts from the day the citizen received the written reply. */
function DeliveryForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="reply_delivered"
      ctx={ctx}
      submitLabel="登记送达"
      build={(fd) => ({ how: str(fd, 'how'), receivedOn: str(fd, 'receivedOn') })}
    >
      {(ids, errors) => (
        <>
          <Field id={ids('how')} name="how" label="送达方式" error={errors['how']}>
            {(d, inv) => (
              <Select id={ids('how')} name="how" describedBy={d} invalid={inv} options={STAFF_DELIVERY_OPTIONS} />
            )}
          </Field>
          <Field
            id={ids('receivedOn')}
            name="receivedOn"
            label="信访人收到的日期"
            hint="邮寄的填签收日期。请求复查、复核的 30 日从这一天的次日起计算。"
            error={errors['receivedOn']}
          >
            {(d, inv) => <DateInput id={ids('receivedOn')} name="receivedOn" describedBy={d} invalid={inv} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

/** B19, Art. 28 ¶3: after this the staff member who recused cannot act on the case. */
function RecuseForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell action="recuse" ctx={ctx} submitLabel="申请回避" build={(fd) => ({ reason: str(fd, 'reason') })}>
      {(ids, errors) => (
        <Field
          id={ids('reason')}
          name="reason"
          label="回避理由"
          hint="与信访事项或者信访人有直接利害关系的，应当回避（第二十八条第三款）。回避后您不能再办理本事项。"
          error={errors['reason']}
        >
          {(d, inv) => <TextArea id={ids('reason')} name="reason" describedBy={d} invalid={inv} rows={2} />}
        </Field>
      )}
    </FormShell>
  );
}

/** B20, Art. 25 ¶1: who was told of a serious or urgent matter. */
function UrgentForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="report_urgent"
      ctx={ctx}
      submitLabel="登记报告"
      build={(fd) => ({ toldWhom: str(fd, 'toldWhom'), summary: str(fd, 'summary') })}
    >
      {(ids, errors) => (
        <>
          <Field
            id={ids('toldWhom')}
            name="toldWhom"
            label="报告或通报的对象"
            hint="例如本级党委和政府、相关主管部门、信访工作联席会议办公室（第二十五条第一款）。"
            error={errors['toldWhom']}
          >
            {(d, inv) => <TextArea id={ids('toldWhom')} name="toldWhom" describedBy={d} invalid={inv} rows={2} />}
          </Field>
          <Field id={ids('summary')} name="summary" label="报告内容摘要" error={errors['summary']}>
            {(d, inv) => <TextArea id={ids('summary')} name="summary" describedBy={d} invalid={inv} rows={3} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

/** B23, Art. 40: a recommendation of the 信访部门 to a body. */
function RecommendForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="recommend"
      ctx={ctx}
      submitLabel="登记建议"
      build={(fd) => ({ type: str(fd, 'type'), unit: str(fd, 'unit'), text: str(fd, 'text') })}
    >
      {(ids, errors) => (
        <>
          <Field id={ids('type')} name="type" label="建议类型" error={errors['type']}>
            {(d, inv) => (
              <Select id={ids('type')} name="type" describedBy={d} invalid={inv} options={RECOMMENDATION_OPTIONS} />
            )}
          </Field>
          <Field id={ids('unit')} name="unit" label="提出建议的对象" error={errors['unit']}>
            {(d, inv) => <TextArea id={ids('unit')} name="unit" describedBy={d} invalid={inv} rows={1} />}
          </Field>
          <Field id={ids('text')} name="text" label="建议内容" error={errors['text']}>
            {(d, inv) => <TextArea id={ids('text')} name="text" describedBy={d} invalid={inv} rows={3} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

/** B23, Art. 40 ¶4: the body's written feedback on how the recommendation was adopted. */
function FeedbackForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="recommend_feedback"
      ctx={ctx}
      submitLabel="登记反馈"
      build={(fd) => ({ adopted: str(fd, 'adopted'), text: str(fd, 'text') })}
    >
      {(ids, errors) => (
        <>
          <Field id={ids('adopted')} name="adopted" label="采纳情况" error={errors['adopted']}>
            {(d, inv) => (
              <Select id={ids('adopted')} name="adopted" describedBy={d} invalid={inv} options={ADOPTION_OPTIONS} />
            )}
          </Field>
          <Field
            id={ids('text')}
            name="text"
            label="书面反馈内容"
            hint="有关机关、单位应当书面反馈采纳情况（第四十条第四款）。"
            error={errors['text']}
          >
            {(d, inv) => <TextArea id={ids('text')} name="text" describedBy={d} invalid={inv} rows={3} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function ExtendForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="extend"
      ctx={ctx}
      submitLabel="延期"
      build={(fd) => ({ days: Number(str(fd, 'days')), reason: str(fd, 'reason') })}
    >
      {(ids, errors) => (
        <>
          <Field
            id={ids('days')}
            name="days"
            label="延长天数"
            hint="按日填写，不得超过第三十四条规定的 30 日。只能延长一次。"
            error={errors['days']}
          >
            {(d, inv) => (
              <input
                type="number"
                id={ids('days')}
                name="days"
                min={1}
                step={1}
                inputMode="numeric"
                className="short"
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
          <Field
            id={ids('reason')}
            name="reason"
            label="延期理由"
            hint="信访人会看到延期理由（第三十四条）。"
            error={errors['reason']}
          >
            {(d, inv) => <TextArea id={ids('reason')} name="reason" describedBy={d} invalid={inv} rows={3} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function NoteOnlyForm({
  ctx,
  action,
  submitLabel,
  noteLabel,
}: {
  ctx: ActionContext;
  action: 'hearing_start' | 'hearing_end' | 'close' | 'register';
  submitLabel: string;
  noteLabel?: string;
}) {
  return (
    <FormShell action={action} ctx={ctx} submitLabel={submitLabel} build={(fd) => (noteLabel ? opt(fd, 'note') : {})}>
      {(ids, errors) =>
        noteLabel ? (
          <Field id={ids('note')} name="note" label={noteLabel} optional error={errors['note']}>
            {(d, inv) => <TextArea id={ids('note')} name="note" describedBy={d} invalid={inv} rows={2} />}
          </Field>
        ) : null
      }
    </FormShell>
  );
}

function MediateForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell
      action="mediate"
      ctx={ctx}
      submitLabel="记录调解/和解"
      build={(fd) => ({ outcome: str(fd, 'outcome'), summary: str(fd, 'summary') })}
    >
      {(ids, errors) => (
        <>
          <ChoiceGroup
            idBase={ids('outcome')}
            name="outcome"
            legend="结果"
            error={errors['outcome']}
            options={[
              { id: 'mediation', label: '调解' },
              { id: 'settlement', label: '和解' },
            ]}
          />
          <Field
            id={ids('summary')}
            name="summary"
            label="协议要点"
            hint="信访人会看到协议要点（第三十三条）。"
            error={errors['summary']}
          >
            {(d, inv) => <TextArea id={ids('summary')} name="summary" describedBy={d} invalid={inv} />}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function NoteForm({ ctx }: { ctx: ActionContext }) {
  return (
    <FormShell action="note" ctx={ctx} submitLabel="保存备注" build={(fd) => ({ text: str(fd, 'text') })}>
      {(ids, errors) => (
        <Field id={ids('text')} name="text" label="备注内容" hint="只有工作人员能看到。" error={errors['text']}>
          {(d, inv) => <TextArea id={ids('text')} name="text" describedBy={d} invalid={inv} rows={3} />}
        </Field>
      )}
    </FormShell>
  );
}

function readTemplates(body: unknown): ReplyTemplate[] {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['templates']
      : null;
  return Array.isArray(list) ? (list as ReplyTemplate[]) : [];
}

function ReplyForm({ ctx }: { ctx: ActionContext }) {
  const [templates, setTemplates] = useState<ReplyTemplate[] | null>(null);
  const [values, setValues] = useState({
    request: ctx.request,
    factsAndReasons: '',
    decision: '',
    opinion: '',
    legalBasis: '',
    templateId: '',
  });
  const set = (k: keyof typeof values, v: string) => setValues((x) => ({ ...x, [k]: v }));

  // Templates load when the form opens, not with the page: most visits to a case do not reply.
  useEffect(() => {
    let live = true;
    void callApi<unknown>(`${TEMPLATES_PATH}?issueArea=${encodeURIComponent(ctx.issueArea)}`).then((r) => {
      if (live) setTemplates(r.ok ? readTemplates(r.data) : []);
    });
    return () => {
      live = false;
    };
  }, [ctx.issueArea]);

  function applyTemplate(id: string) {
    const t = templates?.find((x) => x.id === id);
    set('templateId', id);
    if (!t) return;
    setValues((x) => ({
      ...x,
      templateId: id,
      decision: t.decision,
      factsAndReasons: t.factsAndReasons,
      opinion: t.opinion,
      legalBasis: t.legalBasis,
    }));
  }

  return (
    <FormShell
      action="reply"
      ctx={ctx}
      submitLabel="出具处理意见书"
      build={() => ({ ...values, templateId: values.templateId === '' ? undefined : values.templateId })}
    >
      {(ids, errors) => (
        <>
          {templates && templates.length > 0 && (
            <Field
              id={ids('templateId')}
              name="templateId"
              label="从模板开始"
              optional
              hint="选择后会填入下面的内容，请按本案事实修改，不要照搬。"
            >
              {(d) => (
                <select
                  id={ids('templateId')}
                  value={values.templateId}
                  onChange={(e) => applyTemplate(e.currentTarget.value)}
                  aria-describedby={d}
                >
                  <option value="">不使用模板</option>
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            id={ids('request')}
            name="request"
            label="投诉请求"
            hint="信访人提出的请求，已按提交内容填好，可以概括。"
            error={errors['request']}
          >
            {(d, inv) => (
              <textarea
                id={ids('request')}
                rows={3}
                value={values.request}
                onChange={(e) => set('request', e.currentTarget.value)}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
          <Field
            id={ids('factsAndReasons')}
            name="factsAndReasons"
            label="事实和理由"
            hint="调查核实的事实，以及作出处理意见的理由。"
            error={errors['factsAndReasons']}
          >
            {(d, inv) => (
              <textarea
                id={ids('factsAndReasons')}
                rows={5}
                value={values.factsAndReasons}
                onChange={(e) => set('factsAndReasons', e.currentTarget.value)}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
          <ChoiceGroup
            idBase={ids('decision')}
            name="decision"
            legend="处理意见（第三十二条）"
            error={errors['decision']}
            value={values.decision}
            onChange={(v) => set('decision', v)}
            options={REPLY_DECISIONS.map((d) => ({ id: d, label: REPLY_DECISION_LABELS[d] }))}
          />
          <Field
            id={ids('opinion')}
            name="opinion"
            label="意见说明"
            hint="写明支持什么、怎样落实，或解释说明的内容、不予支持的理由。"
            error={errors['opinion']}
          >
            {(d, inv) => (
              <textarea
                id={ids('opinion')}
                rows={5}
                value={values.opinion}
                onChange={(e) => set('opinion', e.currentTarget.value)}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
          <Field
            id={ids('legalBasis')}
            name="legalBasis"
            label="法律法规依据"
            hint="例如 《信访工作条例》第三十二条。"
            error={errors['legalBasis']}
          >
            {(d, inv) => (
              <textarea
                id={ids('legalBasis')}
                rows={2}
                value={values.legalBasis}
                onChange={(e) => set('legalBasis', e.currentTarget.value)}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              />
            )}
          </Field>
        </>
      )}
    </FormShell>
  );
}

function formFor(action: ConsoleAction, ctx: ActionContext): ReactNode {
  switch (action) {
    case 'register':
      return <NoteOnlyForm ctx={ctx} action="register" submitLabel="登记" />;
    case 'route':
      return <RouteForm ctx={ctx} />;
    case 'transfer':
    case 'assign':
      return <UnitForm ctx={ctx} action={action} />;
    case 'accept':
      return <AcceptForm ctx={ctx} />;
    case 'not_accept':
      return <NotAcceptForm ctx={ctx} />;
    case 'return':
      return <ReturnForm ctx={ctx} />;
    case 'extend':
      return <ExtendForm ctx={ctx} />;
    case 'hearing_start':
      return <NoteOnlyForm ctx={ctx} action="hearing_start" submitLabel="开始听证" noteLabel="说明" />;
    case 'hearing_end':
      return <NoteOnlyForm ctx={ctx} action="hearing_end" submitLabel="听证结束" noteLabel="说明" />;
    case 'reply':
      return <ReplyForm ctx={ctx} />;
    case 'mediate':
      return <MediateForm ctx={ctx} />;
    case 'close':
      return <NoteOnlyForm ctx={ctx} action="close" submitLabel="办结" noteLabel="说明" />;
    case 'note':
      return <NoteForm ctx={ctx} />;
    case 'reclassify':
      return <ReclassifyForm ctx={ctx} />;
    case 'reply_delivered':
      return <DeliveryForm ctx={ctx} />;
    case 'recuse':
      return <RecuseForm ctx={ctx} />;
    case 'report_urgent':
      return <UrgentForm ctx={ctx} />;
    case 'recommend':
      return <RecommendForm ctx={ctx} />;
    case 'recommend_feedback':
      return <FeedbackForm ctx={ctx} />;
    default:
      return null;
  }
}

/** The allowed actions as disclosure sections; one open at a time keeps the page short. */
export function ActionList({ actions, ctx }: { actions: readonly ConsoleAction[]; ctx: ActionContext }) {
  const [open, setOpen] = useState<ConsoleAction | null>(null);
  return (
    <div className="staff-actions">
      {actions.map((a) => {
        const basis = TRANSITIONS.find((t) => t.action === a)?.basis?.article ?? null;
        const law = articleLink(basis);
        return (
          <details
            key={a}
            open={open === a}
            onToggle={(e) => {
              const isOpen = e.currentTarget.open;
              setOpen((cur) => (isOpen ? a : cur === a ? null : cur));
            }}
            data-action={a}
          >
            <summary>{actionLabel(a)}</summary>
            <p className="small">
              {ACTION_HELP[a]}
              {law && (
                <>
                  {' '}
                  <a href={law.href}>{law.label}</a>
                </>
              )}
            </p>
            {open === a && formFor(a, ctx)}
          </details>
        );
      })}
    </div>
  );
}
