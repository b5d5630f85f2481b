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

export function casePath(id: string): string {
  return `${CASES_PATH}/${encodeURIComponent(id)}`;
}

export function caseActionPath(id: string, action: string): string {
  return `${casePath(id)}/actions/${encodeURIComponent(action)}`;
}

export function staffMemberPath(id: string): string {
  return `${STAFF_LIST_PATH}/${encodeURIComponent(id)}`;
}
