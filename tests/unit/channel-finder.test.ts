import { describe, expect, it } from 'vitest';
import {
  START_ID,
  channelNodeArticles,
  channelNodeHref,
  channelNodes,
  channelPathTo,
  findChannelNode,
  type ChannelQuestion,
} from '@/lib/channel-finder';
import { settings } from '@/lib/settings';

const questions = channelNodes.filter((n): n is ChannelQuestion => n.kind === 'question');
const outcomes = channelNodes.filter((n) => n.kind === 'outcome');

describe('the channel finder is a tree a person can always finish', () => {
  it('has unique node ids that are safe as URL segments', () => {
    const ids = channelNodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it('sends every answer to a node that exists', () => {
    for (const q of questions) {
      expect(q.options.length, `${q.id} offers a choice`).toBeGreaterThanOrEqual(2);
      for (const o of q.options) expect(findChannelNode(o.next), `${q.id} -> ${o.next}`).toBeDefined();
    }
  });

  it('reaches every node from the first question, each through exactly one answer', () => {
    const incoming = new Map<string, number>();
    for (const q of questions) for (const o of q.options) incoming.set(o.next, (incoming.get(o.next) ?? 0) + 1);
    for (const n of channelNodes) {
      if (n.id === START_ID) expect(incoming.get(n.id) ?? 0).toBe(0);
      else expect(incoming.get(n.id), `${n.id} has one parent`).toBe(1);
    }
    for (const n of channelNodes) {
      const path = channelPathTo(n.id);
      if (n.id === START_ID) expect(path).toEqual([]);
      else {
        expect(path[0]?.question.id).toBe(START_ID);
        expect(path.at(-1)?.option.next).toBe(n.id);
      }
    }
  });

  it('ends every path at an outcome that says where to go and cites the regulation', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) {
      if (o.kind !== 'outcome') continue;
      expect(o.where.length, `${o.id} says where to go`).toBeGreaterThan(0);
      expect(o.bring.length, `${o.id} says what to bring`).toBeGreaterThan(0);
      expect(channelNodeArticles(o).length, `${o.id} cites an article`).toBeGreaterThan(0);
      expect(
        o.where.some((p) => p.cites.length > 0),
        `${o.id}: where-to-go rests on an article`,
      ).toBe(true);
      for (const a of channelNodeArticles(o)) expect(a >= 1 && a <= 50).toBe(true);
    }
  });

  it('offers every town and street of the office, from settings, with its own outcome', () => {
    const region = findChannelNode('region');
    expect(region?.kind).toBe('question');
    const labels = (region as ChannelQuestion).options.map((o) => o.label).join(' ');
    for (const r of settings.regions) {
      expect(labels).toContain(r.name);
      const outcome = findChannelNode(`region-${r.id}`);
      expect(outcome?.kind).toBe('outcome');
      expect(outcome?.kind === 'outcome' && outcome.showOfficeChannels).toBe(true);
    }
  });

  it('sends accusations against officials to the discipline body, with its phone (Art. 30)', () => {
    const start = findChannelNode(START_ID) as ChannelQuestion;
    const accuse = start.options.find((o) => o.label.includes('检举'));
    const outcome = findChannelNode(accuse!.next);
    expect(outcome?.kind).toBe('outcome');
    if (outcome?.kind !== 'outcome') return;
    expect(outcome.title).toContain(settings.office.disciplineBody);
    expect(outcome.where.map((p) => p.text).join('')).toContain(settings.office.disciplinePhone);
    expect(channelNodeArticles(outcome)).toContain(30);
  });

  it('tells a person unhappy with a written reply to ask the body one level up within 30 days (Art. 35)', () => {
    const review = findChannelNode('review');
    expect(review?.kind).toBe('outcome');
    if (review?.kind !== 'outcome') return;
    expect(review.summary).toContain('30 日');
    expect(review.summary).toContain('上一级');
    expect(channelNodeArticles(review)).toContain(35);
  });

  it('serves the first question at the finder root and the rest beneath it', () => {
    expect(channelNodeHref(START_ID)).toBe('/which-channel/');
    expect(channelNodeHref('review')).toBe('/which-channel/review/');
  });
});
