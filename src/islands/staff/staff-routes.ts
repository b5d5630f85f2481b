/**
 * Every /api/staff and /api/track route the console and the tracking follow-up call, in one place,
 * as src/server/staff-routes.ts (case-handling) serves them. The sign-in pages themselves
 * (/staff/login/) are served by functions/staff/login, not by the console.
 */

export const LOGOUT_PATH = '/api/staff/logout';
export const ME_PATH = '/api/staff/me';
/** Every list of the workflow and the office (roles, states, …) from its one source. */
export const META_PATH = '/api/staff/meta';
export const CASES_PATH = '/api/staff/cases';
export const CASES_CSV_PATH = '/api/staff/cases/export';
export const STAFF_LIST_PATH = '/api/staff/admin/staff';
export const TEMPLATES_PATH = '/api/staff/templates';
/** Every 领导接访日 a visit can be registered at (built from content/schedules). */
export const RECEPTIONS_JSON_PATH = '/staff/receptions.json';
/** The console page that registers a letter, visit, call or fax. */
export const INTAKE_HREF = '/staff/intake/';

/** GET: what the printed 受理回执/告知单 of a case says. */
export function slipDataPath(id: string): string {
  return `${casePath(id)}/slip`;
}

export function casePath(id: string): string {
  return `${CASES_PATH}/${encodeURIComponent(id)}`;
}

export function caseActionPath(id: string, action: string): string {
  return `${casePath(id)}/actions/${encodeURIComponent(action)}`;
}

export function staffMemberPath(id: string): string {
  return `${STAFF_LIST_PATH}/${encodeURIComponent(id)}`;
}
