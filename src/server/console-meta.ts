/**
 * Every list the staff console needs (states, stages, actions, kinds, areas, grounds, roles,
 * deadlines and the day-counting rule), each taken from its one source.
 */
import { DEADLINE_KINDS, DEADLINE_RULES } from '../lib/deadlines';
import { HOLIDAY_DATA_SOURCE, HOLIDAY_DATA_YEARS } from '../lib/holidays';
import { PETITION_KINDS } from '../lib/petition-schema';
import { settings } from '../lib/settings';
import {
  CASE_STAGES,
  CASE_STATES,
  NOT_ACCEPT_GROUND_INFO,
  NOT_ACCEPT_GROUNDS,
  RATING_LABELS,
  RATINGS,
  REPLY_DECISION_LABELS,
  REPLY_DECISIONS,
  ROUTE_TARGET_INFO,
  ROUTE_TARGETS,
  STAGE_LABELS,
  STATES,
  TRANSITIONS,
} from '../lib/workflow';
import { STAFF_ROLE_LABELS, STAFF_ROLES } from './auth';

/** GET /api/staff/meta: every list the console needs, from the one source of each. */
export function consoleMeta() {
  return {
    states: CASE_STATES.map((id) => ({
      id,
      label: STATES[id].label,
      explanation: STATES[id].explanation,
      terminal: STATES[id].terminal,
    })),
    stages: CASE_STAGES.map((id) => ({ id, label: STAGE_LABELS[id] })),
    actions: [
      ...new Map(
        TRANSITIONS.map((t) => [t.action, { id: t.action, label: t.label, actor: t.actor, public: t.public }]),
      ).values(),
    ],
    kinds: PETITION_KINDS.map((k) => ({ id: k.id, label: k.label })),
    issueAreas: settings.issueAreas,
    regions: settings.regions,
    routeTargets: ROUTE_TARGETS.map((id) => ({ id, ...ROUTE_TARGET_INFO[id] })),
    notAcceptGrounds: NOT_ACCEPT_GROUNDS.map((id) => ({ id, ...NOT_ACCEPT_GROUND_INFO[id] })),
    replyDecisions: REPLY_DECISIONS.map((id) => ({ id, label: REPLY_DECISION_LABELS[id] })),
    ratings: RATINGS.map((id) => ({ id, label: RATING_LABELS[id] })),
    roles: STAFF_ROLES.map((id) => ({ id, label: STAFF_ROLE_LABELS[id] })),
    deadlines: DEADLINE_KINDS.map((id) => ({ id, ...DEADLINE_RULES[id] })),
    days: {
      rule: settings.days.rule,
      note: settings.days.ruleNote,
      holidayYears: HOLIDAY_DATA_YEARS,
      holidaySource: HOLIDAY_DATA_SOURCE,
    },
  };
}

export type ConsoleMeta = ReturnType<typeof consoleMeta>;
