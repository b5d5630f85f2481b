/**
 * The routes of staff intake: POST /api/staff/cases (register a letter, visit, call or fax; JSON,
 * or multipart with the fields as JSON in `payload` and the scans under `attachments`) and
 * GET /api/staff/cases/:id/slip (what the printed 受理回执/告知单 says). Each parses, calls one
 * domain function and answers; errors are thrown and answered by the app's onError.
 */
import QRCode from 'qrcode';
import { channelLabel } from '../lib/channels';
import { shanghaiDate } from '../lib/deadlines';
import { kindLabel } from '../lib/petition-schema';
import { settings } from '../lib/settings';
import type { SlipFacts } from '../lib/staff-api';
import { formatCode } from '../lib/tracking-code';
import { readAttachments } from './attachments';
import { CASE_MESSAGES, loadCaseRow } from './case-record';
import { ClientError } from './errors';
import { bodyKind, json, MESSAGES, siteOrigin } from './http';
import { listEvents } from './petition-events';
import { openPersonalData } from './petition-store';
import { receiptDeadlines, receiptTag, trackUrl } from './receipt-info';
import { readBodyLimited } from './request-body';
import { originOf, param, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';
import { processOutboxQuietly } from './mail';
import { processSmsOutboxQuietly } from './sms';
import { receivedInstant, registerIntake } from './staff-intake';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../lib/petition-schema';

const MAX_JSON = 256 * 1024;
const MAX_MULTIPART = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

/** POST /api/staff/cases */
export async function handleIntake(ctx: RouteContext): Promise<Response> {
  const session = sessionOf(ctx);
  const kind = bodyKind(ctx.request);
  let raw: unknown;
  let files: Awaited<ReturnType<typeof readAttachments>> = { files: [] };
  if (kind === 'json') {
    const bytes = await readBodyLimited(ctx.request, MAX_JSON);
    raw = parseJson(new TextDecoder().decode(bytes));
  } else if (kind === 'multipart') {
    const bytes = await readBodyLimited(ctx.request, MAX_MULTIPART);
    let form: FormData;
    try {
      form = await new Response(bytes, {
        headers: { 'content-type': ctx.request.headers.get('content-type')! },
      }).formData();
    } catch (cause) {
      throw new ClientError(400, MESSAGES.badJson, {}, { cause });
    }
    const payload = form.get('payload');
    raw = typeof payload === 'string' ? parseJson(payload) : {};
    files = await readAttachments(form);
  } else {
    throw new ClientError(415, MESSAGES.wrongType);
  }
  const result = await registerIntake(ctx.env, session, raw, files, requestClock(ctx.request, ctx.env), originOf(ctx));
  ctx.waitUntil(Promise.all([processSmsOutboxQuietly(ctx.env), processOutboxQuietly(ctx.env)]));
  return json(result, result.existing ? 200 : 201);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ClientError(400, MESSAGES.badJson, {}, { cause });
  }
}

/** GET /api/staff/cases/:id/slip */
export async function handleSlip(ctx: RouteContext): Promise<Response> {
  sessionOf(ctx);
  const id = param(ctx, 'id');
  const row = await loadCaseRow(ctx.env.DB, id);
  const pii = await openPersonalData(ctx.env, ctx.env.DB, id);
  if (!pii) throw new ClientError(404, CASE_MESSAGES.notFound);
  const events = await listEvents(ctx.env.DB, id);
  const first = events[0];
  const receivedOn =
    typeof first?.data['receivedOn'] === 'string'
      ? first.data['receivedOn']
      : shanghaiDate(first?.at ?? row.created_at);
  const extra = await ctx.env.DB.prepare('SELECT responsible_leader FROM petitions WHERE id = ?')
    .bind(id)
    .first<{ responsible_leader: string | null }>();
  const track = trackUrl(siteOrigin(ctx.env), row.code, await receiptTag(ctx.env, row.code));
  // The QR library's own markup, with no text of ours in it; the page labels it.
  const qrSvg = await QRCode.toString(track, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const slip: SlipFacts = {
    code: row.code,
    codeFormatted: formatCode(row.code),
    secondFactor: pii.pin ? { kind: 'pin', value: pii.pin } : { kind: 'phone', value: pii.phone.slice(-4) },
    name: pii.name,
    channel: row.channel,
    channelLabel: channelLabel(row.channel),
    receivedOn,
    registeredOn: shanghaiDate(events.find((e) => e.type === 'register')?.at ?? row.created_at),
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    trackUrl: track,
    qrSvg,
    deadlines: receiptDeadlines({ createdAt: receivedInstant(receivedOn), kind: row.kind }).map((d) => ({
      label: d.label,
      when: d.when,
      basis: d.basis,
    })),
    responsibleLeader: extra?.responsible_leader ?? null,
    office: {
      name: settings.office.name,
      phone: `${settings.channels.phone.number}（${settings.channels.phone.hours}）`,
      address: settings.channels.visit.place,
    },
  };
  return json(slip);
}
