import { describe, expect, it } from 'vitest';
import { readChainHash } from '../../src/server/chain-hash';
import { env } from './helpers';
import { submitOk } from './helpers';
import { normaliseCode } from '../../src/lib/tracking-code';
import { findPetitionByCode } from '../../src/server/petition-store';
import {
  appendEvent,
  chainEvent,
  insertEventStatement,
  listEvents,
  verifyChain,
} from '../../src/server/petition-events';

async function petitionId(): Promise<string> {
  const { code } = await submitOk();
  return (await findPetitionByCode(env.DB, normaliseCode(code)))!.id;
}

describe('the event log of a petition is an append-only hash chain', () => {
  it('grows by linked events and verifies', async () => {
    const id = await petitionId();
    for (const type of ['register', 'note', 'transfer']) {
      await appendEvent(env.DB, {
        petitionId: id,
        type,
        isPublic: type !== 'note',
        at: new Date().toISOString(),
        actor: 'staff-7',
        data: { n: type },
      });
    }
    const events = await listEvents(env.DB, id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await verifyChain(events, await readChainHash(env.DB))).toBe(true);
    // Any change to a past event breaks the chain.
    const tampered = events.map((e, i) => (i === 1 ? { ...e, data: { n: 'changed' } } : e));
    expect(await verifyChain(tampered, await readChainHash(env.DB))).toBe(false);
    expect(
      await verifyChain(
        events.filter((_, i) => i !== 2),
        await readChainHash(env.DB),
      ),
    ).toBe(false);
  });

  it('the database refuses UPDATE and DELETE of events', async () => {
    const id = await petitionId();
    await expect(
      env.DB.prepare("UPDATE petition_events SET type = 'x' WHERE petition_id = ?").bind(id).run(),
    ).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM petition_events WHERE petition_id = ?').bind(id).run()).rejects.toThrow(
      /append-only/,
    );
  });

  it('the database refuses an event that does not continue the chain (gap, fork, wrong link)', async () => {
    const id = await petitionId();
    const [first] = await listEvents(env.DB, id);
    const base = {
      petitionId: id,
      type: 'note',
      isPublic: false,
      at: new Date().toISOString(),
      actor: 'staff-1',
      data: {},
    };
    const gap = await chainEvent(first!.hash, { ...base, seq: 3 });
    await expect(insertEventStatement(env.DB, gap).run()).rejects.toThrow(/seq must follow/);
    const wrongLink = await chainEvent('f'.repeat(64), { ...base, seq: 2 });
    await expect(insertEventStatement(env.DB, wrongLink).run()).rejects.toThrow(/prev_hash/);
    const fork = await chainEvent('', { ...base, seq: 1 });
    await expect(insertEventStatement(env.DB, fork).run()).rejects.toThrow();
  });

  it('concurrent appends all land, in one unbroken chain', async () => {
    const id = await petitionId();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        appendEvent(env.DB, {
          petitionId: id,
          type: 'note',
          isPublic: false,
          at: new Date().toISOString(),
          actor: 'staff-1',
          data: { i },
        }),
      ),
    );
    const events = await listEvents(env.DB, id);
    expect(events).toHaveLength(5);
    expect(await verifyChain(events, await readChainHash(env.DB))).toBe(true);
  });
});
