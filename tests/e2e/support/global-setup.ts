import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    persistTo: string;
    serverDatabase: string;
  }
}

let server: RunningServer | undefined;

/** The browser suite runs on the default runtime (Node + SQLite), as `npm start` serves it. */
export async function setup(project: TestProject): Promise<void> {
  // Every journey submits from 127.0.0.1 and signs the same demo staff in again and again: lift the
  // per-address submission limit and the one-sign-in-mail-per-5-minutes window (both tested in
  // tests/functions, on every runtime).
  server = await startServer({
    persistTo: process.env['E2E_PERSIST'] ?? '.state/e2e',
    vars: { RATE_LIMIT_SUBMIT: '1000/3600', RATE_LIMIT_STAFF_LOGIN_MAIL: '1000/300' },
  });
  project.provide('baseUrl', server.url);
  project.provide('persistTo', server.persistTo);
  project.provide('serverDatabase', server.database);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
