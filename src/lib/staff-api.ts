/**
 * The answers of the staff API (docs/staff-api.md), as types the server builds and the console
 * reads: one definition, so a field renamed on one side is a type error on the other. The inbox's
 * own query and answer are in inbox.ts; the action bodies in case-actions.ts.
 */
import type { Deadline } from './deadlines';
import type { InboxDeadline, InboxItem } from './inbox';
import type { Action, CaseStage, CaseState } from './workflow';
import type { RepeatMatch } from './staff-intake';
import type { STATELESS_STAFF_ACTIONS } from './case-actions';

export type { InboxDeadline, InboxItem };

/** One event of a case, as staff see it (GET /api/staff/cases/:id). */
export interface StaffEvent {
  seq: number;
  type: string;
  label: string;
  isPublic: boolean;
  at: string;
  actor: string;
  actorName: string;
  data: Record<string, unknown>;
  hash: string;
}

export interface CaseAttachment {
  id: string;
  position: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  /** GET it for the decrypted file, always as a download. */
  url: string;
}

/** An action the console may offer, staff actions of the workflow and the internal note. */
export type ConsoleAction = Action | (typeof STATELESS_STAFF_ACTIONS)[number];

/** GET /api/staff/cases/:id */
export interface CaseDetail extends InboxItem {
  request: string;
  facts: string;
  otherProcedure: string;
  channel: string;
  personal: { name: string; phone: string; email: string | null; address: string; idNumber: string | null };
  attachments: CaseAttachment[];
  events: StaffEvent[];
  deadlines: Deadline[];
  /** Actions the signed-in staff member can take now, with their labels. */
  actions: { action: ConsoleAction; label: string }[];
  parent: { id: string; code: string; stage: CaseStage } | null;
  children: { id: string; code: string; stage: CaseStage; status: CaseState; statusLabel: string }[];
  rating: { rating: string; comment: string | null; createdAt: string } | null;
  /** Earlier cases that may be the same matter (Art. 19 ¶3, 36 ¶3), for staff to weigh. */
  repeats: RepeatMatch[];
  /** The leader who received the visit at a 领导接访日 (包案领导), when there was one. */
  responsibleLeader: string | null;
}

/** POST /api/staff/cases/:id/actions/:action */
export interface ActionResult {
  status: CaseState;
  statusLabel: string;
  event: { seq: number; type: string; isPublic: boolean; at: string; hash: string };
  mailed: boolean;
}

/** One reply template (GET /api/staff/templates answers `{templates}`). */
export interface ReplyTemplate {
  id: string;
  issueArea: string;
  issueAreaName: string;
  title: string;
  decision: string;
  factsAndReasons: string;
  opinion: string;
  legalBasis: string;
}

/** GET /api/staff/cases/:id/slip: what the printed 受理回执/告知单 says (src/pages/staff/case/slip). */
export interface SlipFacts {
  code: string;
  codeFormatted: string;
  /** The tracking page's second factor: the phone's last four digits, or the printed PIN. */
  secondFactor: { kind: 'phone' | 'pin'; value: string };
  name: string;
  channel: string;
  channelLabel: string;
  /** YYYY-MM-DD the office received it (the Art. 22 clock starts the day after). */
  receivedOn: string;
  registeredOn: string;
  kind: string;
  kindLabel: string;
  title: string;
  /** Absolute tracking link, the QR code's content. */
  trackUrl: string;
  /** The QR code of trackUrl as SVG markup, made by the server's QR library (no user text in it). */
  qrSvg: string;
  deadlines: { label: string; when: string; basis: string }[];
  responsibleLeader: string | null;
  office: { name: string; phone: string; address: string };
}
