import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    persistTo: string;
  }
}

let server: RunningServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const port = Number(process.env.E2E_PORT ?? 8790);
  // Every journey submits from 127.0.0.1: lift the per-address submission limit (tested in tests/functions).
  server = await startServer({
    port,
    persistTo: process.env.E2E_PERSIST ?? '.wrangler/e2e-state',
    vars: { RATE_LIMIT_SUBMIT: '1000/3600' },
  });
  project.provide('baseUrl', server.url);
  project.provide('persistTo', server.persistTo);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
