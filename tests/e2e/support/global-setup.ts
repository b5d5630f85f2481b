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
  server = await startServer({ port, persistTo: process.env.E2E_PERSIST ?? '.wrangler/e2e-state' });
  project.provide('baseUrl', server.url);
  project.provide('persistTo', server.persistTo);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
