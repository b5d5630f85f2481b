/**
 * The channels a petition reaches the office by (《信访工作条例》第十七条: 信息网络、书信、电话、传真、走访).
 * The one list: the zod enums, the SQL CHECK on petitions.channel (migration 0015, both dialects)
 * and the console's options are derived from it; tests/functions/migration-matches-code.test.ts
 * fails when the SQL drifts.
 */
import { cite } from './law-cite';

export const CHANNELS = [
  { id: 'online', label: '信息网络', verb: '网上提交', oral: false },
  { id: 'letter', label: '书信', verb: '登记来信', oral: false },
  { id: 'visit', label: '走访', verb: '登记来访', oral: true },
  { id: 'phone', label: '电话', verb: '登记来电', oral: true },
  { id: 'fax', label: '传真', verb: '登记传真', oral: false },
] as const;

export type Channel = (typeof CHANNELS)[number]['id'];
export const CHANNEL_IDS = CHANNELS.map((c) => c.id) as unknown as readonly [Channel, ...Channel[]];

/** The channels staff register by hand (every one but online, which the citizen files). */
export type StaffChannel = Exclude<Channel, 'online'>;
export const STAFF_CHANNELS = CHANNELS.filter((c) => c.id !== 'online');
export const STAFF_CHANNEL_IDS = STAFF_CHANNELS.map((c) => c.id) as unknown as readonly [
  StaffChannel,
  ...StaffChannel[],
];

/** The Chinese name of a channel (书信 …), or the id itself when it is none. */
export function channelLabel(id: string): string {
  return CHANNELS.find((c) => c.id === id)?.label ?? id;
}

/** A visit or a call: the handler writes down what was said (Art. 19 ¶1). */
export function isOralChannel(id: string): boolean {
  return CHANNELS.some((c) => c.id === id && c.oral);
}

/** Why staff may write an oral petition down for the petitioner. */
export const ORAL_RECORD_BASIS = cite(19, '对采用口头形式提出的信访事项，有关机关、单位应当如实记录', {
  paragraph: 1,
});

/** Art. 20 ¶3: a group visit sends representatives, no more than five. */
export const MAX_REPRESENTATIVES = 5;
export const REPRESENTATIVES_BASIS = cite(20, '代表人数不得超过5人', { paragraph: 3 });
