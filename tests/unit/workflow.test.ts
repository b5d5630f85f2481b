import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  CASE_STAGES,
  CASE_STATES,
  STATES,
  TRANSITIONS,
  availableActions,
  canTransition,
  findTransition,
  forbiddenMessage,
  nextReviewStage,
} from '../../src/lib/workflow';

/**
 * The whole allowed set, written out by hand from the regulation so that a change to the table
 * in workflow.ts must be made twice: once there and once here. Format: stage:state:action->to.
 */
const ALLOWED = new Set<string>([
  // Art. 22: register, then within 15 days route, transfer, assign or accept.
  'original:submitted:register->registered',
  'original:registered:route->routed',
  'original:registered:transfer->transferred',
  'original:registered:assign->assigned',
  'original:registered:accept->accepted',
  'original:transferred:accept->accepted',
  'original:assigned:accept->accepted',
  'original:registered:not_accept->not_accepted',
  'original:transferred:not_accept->not_accepted',
  'original:assigned:not_accept->not_accepted',
  // Art. 23 ¶3 objection by a unit that is not competent.
  'original:transferred:return->registered',
  'original:assigned:return->registered',
  // Art. 34: one extension only.
  'original:accepted:extend->extended',
  'original:accepted:reply->replied',
  'original:extended:reply->replied',
  'original:accepted:mediate->mediated',
  'original:extended:mediate->mediated',
  'original:replied:request_review->escalated',
  'original:replied:close->closed',
  'original:routed:close->closed',
  'original:not_accepted:close->closed',
  'original:mediated:close->closed',
  // Art. 35: 复查 case.
  'review:submitted:register->registered',
  'review:registered:accept->accepted',
  'review:accepted:reply->replied',
  'review:replied:request_review->escalated',
  'review:replied:close->closed',
  // Art. 36: 复核 case, hearing pauses the clock, closing is final.
  'recheck:submitted:register->registered',
  'recheck:registered:accept->accepted',
  'recheck:accepted:hearing_start->hearing',
  'recheck:hearing:hearing_end->accepted',
  'recheck:accepted:reply->replied',
  'recheck:replied:close->closed_final',
]);

const combos = CASE_STAGES.flatMap((stage) =>
  CASE_STATES.flatMap((state) => ACTIONS.map((action) => ({ stage, state, action }))),
);

describe('case workflow', () => {
  const allowed = combos.filter((c) => [...ALLOWED].some((a) => a.startsWith(`${c.stage}:${c.state}:${c.action}->`)));
  const forbidden = combos.filter((c) => !allowed.includes(c));

  it.each(allowed.map((c) => [`${c.stage}: ${c.state} --${c.action}-->`, c] as const))('allows %s', (_name, c) => {
    expect(canTransition(c.state, c.action, c.stage)).toBe(true);
    const to = findTransition(c.state, c.action, c.stage)?.to;
    expect(ALLOWED.has(`${c.stage}:${c.state}:${c.action}->${to}`)).toBe(true);
  });

  it.each(forbidden.map((c) => [`${c.stage}: ${c.state} --${c.action}--x`, c] as const))('forbids %s', (_name, c) => {
    expect(canTransition(c.state, c.action, c.stage)).toBe(false);
    expect(findTransition(c.state, c.action, c.stage)).toBeNull();
  });

  it('checks every combination of stage, state and action exactly once', () => {
    expect(allowed.length).toBe(ALLOWED.size);
    expect(allowed.length + forbidden.length).toBe(CASE_STAGES.length * CASE_STATES.length * ACTIONS.length);
  });

  it('allows no second extension (Art. 34)', () => {
    expect(canTransition('accepted', 'extend')).toBe(true);
    expect(canTransition('extended', 'extend')).toBe(false);
  });

  it('makes the complaint final after 复核 and offers nothing after that (Art. 36 ¶3)', () => {
    expect(findTransition('replied', 'close', 'recheck')?.to).toBe('closed_final');
    expect(canTransition('replied', 'request_review', 'recheck')).toBe(false);
    expect(availableActions('closed_final', 'recheck')).toEqual([]);
    expect(nextReviewStage('original')).toBe('review');
    expect(nextReviewStage('review')).toBe('recheck');
    expect(nextReviewStage('recheck')).toBeNull();
  });

  it('offers no action from a terminal state', () => {
    for (const stage of CASE_STAGES) {
      for (const state of CASE_STATES.filter((s) => STATES[s].terminal)) {
        expect(availableActions(state, stage)).toEqual([]);
      }
    }
  });

  it('keeps the objection internal and every other action public', () => {
    const internal = TRANSITIONS.filter((t) => !t.public).map((t) => t.action);
    expect(internal).toEqual(['return']);
  });

  it('leaves the citizen only the review request', () => {
    expect(availableActions('replied', 'original', 'citizen')).toEqual(['request_review']);
    expect(availableActions('replied', 'original', 'staff')).toEqual(['close']);
  });

  it('explains a forbidden action in Chinese and says what is possible instead', () => {
    const msg = forbiddenMessage('submitted', 'reply');
    expect(msg).toContain('已提交');
    expect(msg).toContain('出具处理意见');
    expect(msg).toContain('登记');
    expect(forbiddenMessage('closed', 'reply')).toContain('没有可进行的操作');
  });
});
