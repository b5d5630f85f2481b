// A valid petition body for load and fault runs; every call a new submission id unless given.
import { randomUUID } from 'node:crypto';
import { settings } from './settings.mjs';

export function validPetition(i = 0, overrides = {}) {
  return {
    submissionId: randomUUID(),
    name: `测试用户${i}`,
    phone: `139${String(10000000 + (i % 90000000)).padStart(8, '0')}`,
    email: `load${i}@example.com`,
    address: `示例县人民路 ${i % 500} 号`,
    region: settings.regions[i % settings.regions.length].id,
    kind: 'claim',
    issueArea: settings.issueAreas[i % settings.issueAreas.length].id,
    title: `小区路灯损坏多日无人维修 ${i}`,
    request: '请有关部门尽快维修小区路灯。',
    facts: '自上月起小区东门路灯损坏，夜间出行不便，已多次向物业反映未果。',
    otherProcedure: 'none',
    declaration: true,
    privacyConsent: true,
    website: '',
    startedAt: Date.now() - 60_000,
    ...overrides,
  };
}
