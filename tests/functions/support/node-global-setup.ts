/**
 * Global setup of the functions suite on Node: for PostgreSQL, a real server in a temporary folder
 * and a template database with every migration applied, which each test file clones.
 */
import type { TestProject } from 'vitest/node';
import { applyMigrations, migrationsDir } from '../../../src/server/platform/migrate';
import { postgresDatabase } from '../../../src/server/platform/postgres';
import { startPostgres } from '../../support/postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    functionsDatabase: 'sqlite' | 'postgres';
    postgresUrl: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = process.env['FUNCTIONS_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';
  project.provide('functionsDatabase', kind);
  if (kind !== 'postgres') {
    project.provide('postgresUrl', '');
    project.provide('postgresTemplate', '');
    return () => Promise.resolve();
  }
  const server = await startPostgres();
  const admin = postgresDatabase(server.url, { max: 1 });
  await admin.exec('CREATE DATABASE xinfang_template');
  await admin.close();
  const templateUrl = new URL(server.url);
  templateUrl.pathname = '/xinfang_template';
  const template = postgresDatabase(templateUrl.toString(), { max: 1 });
  await applyMigrations(template, migrationsDir('postgres'));
  await template.close();
  project.provide('postgresUrl', server.url);
  project.provide('postgresTemplate', 'xinfang_template');
  return () => server.stop();
}
