/**
 * A clearly fictional data set of open cases for benchmarks (issue 9: the inbox and tracking at
 * 10,000 and 1,000,000 cases). Every case is a 示例 case: invented names (示例信访人N), a fictional
 * county address, no email, and phone numbers that are sealed like real ones. The personal data goes
 * through the real crypto module (sealPersonalData, keyedHash), the events are real hash-chain links
 * and each case's next due date comes from the one deadlines rule, so the database looks to the app
 * exactly like one that citizens and staff filled.
 *
 * Exported as seedCases(db, env, n); the CLI and the bench wire it to a configured database.
 * Batched: `batchSize` cases per transaction (one db.batch each).
 */
import type { Database, DbStatement } from '../src/server/platform/database';
import { isDbError } from '../src/server/platform/database';
import { addCalendarDays, shanghaiDate } from '../src/lib/deadlines';
import { PETITION_KIND_IDS } from '../src/lib/petition-schema';
import { issueAreaIds, regionIds } from '../src/lib/settings';
import { generateCode } from '../src/lib/tracking-code';
import type { CaseState } from '../src/lib/workflow';
import { keyedHash } from '../src/server/crypto';
import { chainEvent, dueOf, insertEventStatement, type ChainedEvent } from '../src/server/petition-events';
import { insertPetitionStatement, sealPersonalData } from '../src/server/petition-store';
import { trackVerifier } from '../src/server/submit-petition';

export type SeedEnv = Parameters<typeof sealPersonalData>[0] & Parameters<typeof keyedHash>[0];

export interface SeedOptions {
  /** The day the data set is "now"; cases were received up to `spanDays` before it. */
  now?: Date;
  spanDays?: number;
  /** Cases per transaction. */
  batchSize?: number;
  /** The chain's hash algorithm when the database records one other than the default. */
  chainAlgorithm?: Parameters<typeof chainEvent>[2];
  /** Called after each batch with the number of cases written so far. */
  progress?: (done: number) => void;
}

const UNITS = ['示例县人力资源和社会保障局', '示例县住房和城乡建设局', '示例县自然资源局', '示例镇人民政府'];
const TITLES = [
  '示例：工资发放问题',
  '示例：小区物业问题',
  '示例：道路维修建议',
  '示例：征地补偿咨询',
  '示例：噪声扰民',
];

/** The steps a fictional case has gone through, by its index: a spread of open states. */
const PATHS: readonly (readonly [CaseState, readonly string[]])[] = [
  ['submitted', []],
  ['registered', ['register']],
  ['transferred', ['register', 'transfer']],
  ['assigned', ['register', 'assign']],
  ['accepted', ['register', 'accept']],
  ['accepted', ['register', 'transfer', 'accept']],
  ['extended', ['register', 'accept', 'extend']],
  ['replied', ['register', 'accept', 'reply']],
];

function actionData(type: string, i: number, at: string): Record<string, unknown> {
  const unit = UNITS[i % UNITS.length]!;
  switch (type) {
    case 'transfer':
      return { unit };
    case 'assign':
      return { unit, dueDate: addCalendarDays(shanghaiDate(at), 20) };
    case 'extend':
      return { days: 15, reason: '示例：情况复杂，需要补充调查' };
    case 'reply':
      return {
        request: '示例请求',
        factsAndReasons: '示例事实和理由',
        decision: 'explain',
        opinion: '示例处理意见',
        legalBasis: '《信访工作条例》第三十二条',
      };
    default:
      return {};
  }
}

/** Statements of one fictional case: the petition, its events and its stored state and due date. */
async function caseStatements(
  db: Database,
  env: SeedEnv,
  i: number,
  now: Date,
  spanDays: number,
  options: SeedOptions,
) {
  const id = crypto.randomUUID();
  const code = generateCode();
  const phone = `1380000${String(i % 10_000).padStart(4, '0')}`;
  // Received somewhere in the span; steps follow a day or two apart, never after `now`.
  const received = new Date(now.getTime() - ((i * 7919) % (spanDays * 24)) * 3_600_000 - 3_600_000);
  const [status, steps] = PATHS[i % PATHS.length]!;
  const kind = status === 'extended' ? 'claim' : PETITION_KIND_IDS[i % PETITION_KIND_IDS.length]!;
  const createdAt = received.toISOString();
  const pii = await sealPersonalData(env, id, {
    name: `示例信访人${i}`,
    phone,
    address: `示例县示例路 ${(i % 999) + 1} 号`,
  });
  const statements: DbStatement[] = [
    insertPetitionStatement(db, {
      id,
      code,
      submissionId: crypto.randomUUID(),
      kind,
      issueArea: issueAreaIds[i % issueAreaIds.length]!,
      region: regionIds[(i * 7) % regionIds.length]!,
      title: `${TITLES[i % TITLES.length]!}（${i}）`,
      request: '示例：这是为性能测试生成的虚构事项。',
      facts: '示例：虚构的事实和理由，不涉及任何真实的人和事。',
      otherProcedure: 'none',
      phoneHash: await keyedHash(env, 'phone', phone),
      trackVerifier: await trackVerifier(env, code, phone.slice(-4)),
      hasEmail: false,
      attachmentCount: 0,
      createdAt,
      pii,
    }),
  ];
  const events: ChainedEvent[] = [];
  const types = ['submitted', ...steps];
  const stepMs = Math.max(60_000, Math.min(2 * 86_400_000, (now.getTime() - received.getTime()) / (types.length + 1)));
  for (const [k, type] of types.entries()) {
    const at = new Date(received.getTime() + k * stepMs).toISOString();
    const e = await chainEvent(
      events.at(-1)?.hash ?? '',
      {
        petitionId: id,
        seq: k + 1,
        type,
        isPublic: true,
        at,
        actor: k === 0 ? 'citizen' : 'demo-handler',
        data: k === 0 ? { channel: 'online', kind, attachments: 0, example: true } : actionData(type, i, at),
      },
      options.chainAlgorithm,
    );
    events.push(e);
    statements.push(insertEventStatement(db, e));
  }
  const due = dueOf({ stage: 'original', kind, status }, events);
  const unitEvent = events.find((e) => e.type === 'transfer' || e.type === 'assign');
  statements.push(
    db
      .prepare(
        'UPDATE petitions SET status = ?, unit = ?, updated_at = ?, next_due_at = ?, next_due_kind = ? WHERE id = ?',
      )
      .bind(status, unitEvent?.data['unit'] ?? null, events.at(-1)!.at, due.at, due.kind, id),
  );
  return statements;
}

/** Inserts `n` fictional open cases; returns how many were written. */
export async function seedCases(db: Database, env: SeedEnv, n: number, options: SeedOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const spanDays = Math.max(1, options.spanDays ?? 90);
  const size = Math.max(1, options.batchSize ?? (db.kind === 'd1' ? 50 : 500));
  let done = 0;
  while (done < n) {
    const count = Math.min(size, n - done);
    for (let attempt = 0; ; attempt++) {
      const perCase = await Promise.all(
        Array.from({ length: count }, (_, k) => caseStatements(db, env, done + k, now, spanDays, options)),
      );
      try {
        await db.batch(perCase.flat());
        break;
      } catch (error) {
        // A tracking code that happens to exist already (odds ~n/2^54): draw the batch again.
        if (attempt >= 2 || !isDbError(error, 'unique')) throw error;
      }
    }
    done += count;
    options.progress?.(done);
  }
  return done;
}
