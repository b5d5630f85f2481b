/**
 * The API's paths and the methods each one answers, for the one fallback route
 * (functions/api/[[path]].ts): a known path asked with another method gets 405 with Allow, any other
 * /api path a JSON 404. Pages tries the fallback only after every route file, so one fallback does
 * what a 405 handler in each route file did, and the platform's router, which compiles every route's
 * pattern on every request, has 18 fewer routes to go through.
 * tests/unit/api-methods.test.ts checks this table against the exports of the files in functions/api.
 */
import { json, MESSAGES } from './http';

export const API_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/api/health': ['GET'],
  '/api/ready': ['GET'],
  '/api/captcha/challenge': ['GET'],
  '/api/petitions': ['POST'],
  '/api/track': ['POST'],
  '/api/track/challenge': ['GET'],
  '/api/track/rate': ['POST'],
  '/api/track/review': ['POST'],
  '/api/staff/login': ['POST'],
  '/api/staff/login/confirm': ['POST'],
  '/api/staff/logout': ['POST'],
  '/api/staff/me': ['GET'],
  '/api/staff/meta': ['GET'],
  '/api/staff/cases': ['GET', 'POST'],
  '/api/staff/cases/export': ['GET'],
  '/api/staff/cases/:id': ['GET'],
  '/api/staff/cases/:id/slip': ['GET'],
  '/api/staff/cases/:id/actions/:action': ['POST'],
  '/api/staff/cases/:id/attachments/:attachmentId': ['GET'],
  '/api/staff/templates': ['GET', 'POST'],
  '/api/staff/templates/:id': ['DELETE'],
  '/api/staff/admin/staff': ['GET', 'POST'],
  '/api/staff/admin/staff/:id': ['PATCH'],
  '/api/staff/backlog': ['GET'],
  '/api/staff/backlog/leaders': ['GET'],
  '/api/staff/backlog/report': ['GET'],
  '/api/staff/backlog/report/csv': ['GET'],
  '/api/staff/backlog/:id': ['GET'],
  '/api/staff/backlog/:id/:action': ['POST'],
  '/api/staff/stats': ['GET'],
  '/api/stats/rates': ['GET'],
  // Not listed: /api/outbox/process, which outside development does not exist to strangers.
};

// Literal segments before parameter segments, as Pages matches them: /api/staff/cases/export is
// the export route, not a case with the id "export".
const compiled = Object.entries(API_METHODS)
  .map(([path, methods]) => ({
    params: path.split('/').filter((s) => s.startsWith(':')).length,
    re: new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
    methods,
  }))
  .sort((a, b) => a.params - b.params);

/** The methods `pathname` answers, or null when it is no API path. */
export function methodsFor(pathname: string): readonly string[] | null {
  return compiled.find((r) => r.re.test(pathname))?.methods ?? null;
}

/** The answer for an /api request that no route file took. */
export function apiFallback(request: Request): Response {
  const methods = methodsFor(new URL(request.url).pathname);
  if (!methods) return json({ error: MESSAGES.notFound }, 404);
  return json({ error: MESSAGES.methodNotAllowed }, 405, { allow: methods.join(', ') });
}
