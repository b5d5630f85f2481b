/**
 * Art. 23 ¶2: a body other than a 信访部门 that receives a petition filed with it directly tells the
 * petitioner in writing within 15 days. The deadlines module gives that notice (not Art. 22's
 * triage) when the intake event says `intake: 'direct'`; the office setting decides whether it does.
 */
import { describe, expect, it } from 'vitest';
import { computeDeadlines } from '@/lib/deadlines';
import { directIntake, settings, SettingsSchema } from '@/lib/settings';

describe('direct intake (Art. 23 ¶2) follows settings.office.isPetitionDepartment', () => {
  it('a 信访部门 (the default) marks nothing: its duty is the Art. 22 triage', () => {
    expect(settings.office.isPetitionDepartment).toBe(true);
    expect(directIntake()).toEqual({});
  });

  it('the setting defaults to true when an office leaves it out', () => {
    const parsed = SettingsSchema.parse({
      ...settings,
      office: { ...settings.office, isPetitionDepartment: undefined },
    });
    expect(parsed.office.isPetitionDepartment).toBe(true);
  });

  it('an intake event carrying what directIntake() gives a non-信访部门 office starts the written notice, not triage', () => {
    const mark = { intake: 'direct' } satisfies ReturnType<typeof directIntake>;
    const submitted = (data: Record<string, unknown>) => [
      {
        seq: 1,
        type: 'submitted',
        at: '2026-12-07T02:00:00.000Z',
        isPublic: true,
        data: { channel: 'online', ...data },
      },
    ];
    const now = new Date('2026-12-08T04:00:00.000Z');
    const direct = computeDeadlines({ stage: 'original', kind: 'claim', events: submitted(mark) } as never, { now });
    const department = computeDeadlines(
      { stage: 'original', kind: 'claim', events: submitted(directIntake()) } as never,
      {
        now,
      },
    );
    expect(direct.map((d) => d.kind)).toEqual(['notice']);
    expect(direct[0]!.basis).toMatchObject({ article: 23, paragraph: 2 });
    expect(department.map((d) => d.kind)).toEqual(['triage']);
  });
});
