import { readFileSync } from 'node:fs';
export const settings = JSON.parse(readFileSync(new URL('../../content/settings.json', import.meta.url), 'utf8'));
