// @ts-check
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default defineConfig(
  {
    ignores: [
      'bench/',
      'dist/',
      // The server and ops bundles (esbuild output), local state of dev servers and test runs.
      'build/',
      'dist-*/',
      'data/',
      '.state/',
      '.probe/',
      '.astro/',
      '.wrangler/',
      'node_modules/',
      'bench-results/',
      'public/pagefind/',
      'worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.astro'] },
    },
  },
  {
    // Plain JS (scripts, public/*.js, configs) is not covered by the TS project: type-aware rules off.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Astro frontmatter is type-checked by `astro check`; typed lint rules cannot see its virtual modules.
    files: ['**/*.astro', '**/*.astro/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Layering (docs/adr/0004): lib is shared by the islands and the server, so it may depend on
  // neither; islands run in the browser and must not pull server code (or its secrets) into a bundle;
  // the platform adapters sit under the business code and may know its types only.
  {
    files: ['src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(server|islands)(/|$)',
              message: 'src/lib is runtime-neutral and shared: it imports nothing from src/server or src/islands.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/islands/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server(/|$)',
              message:
                'Islands run in the browser: import the shared schema or API type from src/lib, never from src/server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/platform/**/*.ts'],
    // cloudflare-env.ts is the Cloudflare entry's wiring (the counterpart of node/config.ts), not an
    // adapter: it checks the key settings before the first request.
    ignores: ['src/server/platform/cloudflare-env.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              allowTypeImports: true,
              message:
                'Platform adapters sit under the business code: import only types from src/server (import type), never its functions.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.stringMatching, expect.objectContaining …) are typed
      // `any`; placing them inside an expected object is how they are meant to be used.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['tests/unit/crypto-suites.test.ts'],
    rules: {
      // sm-crypto-v2 ships loose typings (its sm3/sm4 helpers return `any`); the test checks its
      // outputs against published vectors, which is exactly where that looseness is caught.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
