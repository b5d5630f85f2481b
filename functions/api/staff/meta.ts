// GET /api/staff/meta: states, actions, options and deadline rules for the console.
import type { AuthEnv } from '../../../src/server/auth';
import { handleMeta, type StaffData } from '../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = () => handleMeta();
