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
  stateInfo,
} from '../../src/lib/workflow';

/**
 * The whole allowed set, written out by hand from the regulation so that a change to the table
 * in workflow.ts must be made twice: once there and once here. Format: stage:state:action->to.
 */
const ALLOWED = new Set<string>([
  // Art. 22: register, then within 15 days route, transfer, assign or accept.
  'original:submitted:register->registered',
  // Art. 31(1)-(5): the body that has the matter routes it, also after a transfer or acceptance (B10).
  'original:registered:route->routed',
  'original:transferred:route->routed',
  'original:assigned:route->routed',
  'original:accepted:route->routed',
  'original:extended:route->routed',
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
  // Art. 31(6): a hearing in first-instance handling (B11); it does not stop the 60 days.
  'original:accepted:hearing_start->hearing',
  'original:hearing:hearing_end->accepted',
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

describe('what a state tells the citizen at each stage', () => {
  it('cites Art. 36 for every 复核 step and Art. 35 for every 复查 step', () => {
    for (const t of TRANSITIONS.filter((x) => x.basis && x.stages.length === 1)) {
      if (t.stages[0] === 'recheck') expect(t.basis!.article, `${t.action} in 复核`).toBe(36);
      // Asking for 复核 from a 复查 case rests on Art. 36.
      if (t.stages[0] === 'review')
        expect(t.basis!.article, `${t.action} in 复查`).toBe(t.action === 'request_review' ? 36 : 35);
    }
    expect(findTransition('replied', 'request_review', 'review')?.basis?.article).toBe(36);
  });

  it('invites 复查 after a first reply, 复核 after a 复查, and nothing after a 复核 (Art. 35, 36)', () => {
    expect(stateInfo('replied', 'original', 'claim').explanation).toContain('请求原办理机关的上一级机关复查');
    expect(stateInfo('replied', 'review').explanation).toContain('请求复核');
    expect(stateInfo('replied', 'review').explanation).not.toContain('请求复查');
    expect(stateInfo('replied', 'recheck').explanation).toContain('不再受理');
    expect(stateInfo('replied', 'recheck').explanation).not.toMatch(/请求复[查核]/);
    expect(availableActions('replied', 'recheck', 'citizen')).toEqual([]);
  });

  it('shows the 复查/复核 clock, not the 15-day triage, when such a request is registered', () => {
    expect(stateInfo('registered', 'review').explanation).toContain('30 日内提出复查意见');
    expect(stateInfo('registered', 'recheck').explanation).toContain('30 日内提出复核意见');
    expect(stateInfo('registered', 'review').explanation).not.toContain('15 日');
  });

  it('never promises 60 days on acceptance (Art. 34 is for 申诉求决 only, shown as a deadline)', () => {
    for (const stage of CASE_STAGES) expect(stateInfo('accepted', stage).explanation).not.toContain('60');
    expect(stateInfo('registered').explanation).not.toContain('直接受理');
  });

  it('answers a suggestion without inviting 复查', () => {
    expect(stateInfo('replied', 'original', 'suggestion').explanation).not.toContain('复查');
    expect(stateInfo('replied', 'original', 'suggestion').basis?.article).toBe(29);
  });
});
