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
  // Every journey submits from 127.0.0.1: lift the per-address submission limit (tested in tests/functions).
  server = await startServer({
    persistTo: process.env['E2E_PERSIST'] ?? '.state/e2e',
    vars: { RATE_LIMIT_SUBMIT: '1000/3600' },
  });
  project.provide('baseUrl', server.url);
  project.provide('persistTo', server.persistTo);
  project.provide('serverDatabase', server.database);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
