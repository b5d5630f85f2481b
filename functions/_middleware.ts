// Every response a Function makes (or passes through) gets the site's security headers: Pages
// applies public/_headers only to static assets it serves itself.
import { withSecurityHeaders } from '../src/server/security-headers';

export const onRequest: PagesFunction = async (context) => withSecurityHeaders(await context.next());
