/**
 * Issue 12, finding 12: the Node server will not start with DEV_MODE in a configuration that can
 * face the public — listening beyond loopback, or a public https SITE_URL.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/node/config';

const keys = {
  DATA_KEY: 'a'.repeat(44),
  HASH_KEY: 'b'.repeat(44),
  SESSION_KEY: 'c'.repeat(44),
  DEV_VARS_FILE: '/nonexistent',
};

describe('DEV_MODE only in a local configuration', () => {
  it('starts with DEV_MODE on loopback with a local site URL', () => {
    expect(
      loadConfig({ ...keys, DEV_MODE: '1', HOST: '127.0.0.1', SITE_URL: 'http://localhost:8788' }).vars.DEV_MODE,
    ).toBe('1');
    expect(loadConfig({ ...keys, DEV_MODE: '1', HOST: '::1' }).vars.DEV_MODE).toBe('1');
  });

  it('refuses DEV_MODE when listening beyond loopback', () => {
    for (const HOST of ['0.0.0.0', '::', '10.0.0.5', 'xinfang.example.gov.cn'])
      expect(() => loadConfig({ ...keys, DEV_MODE: '1', HOST }), HOST).toThrow(ConfigError);
  });

  it('refuses DEV_MODE with a public https site URL', () => {
    expect(() => loadConfig({ ...keys, DEV_MODE: 'true', SITE_URL: 'https://xinfang.example.gov.cn' })).toThrow(
      ConfigError,
    );
  });

  it('refuses a SITE_URL that is not an http(s) origin', () => {
    expect(() => loadConfig({ ...keys, SITE_URL: 'xinfang.example.gov.cn' })).toThrow(ConfigError);
  });

  it('without DEV_MODE any host is fine', () => {
    expect(loadConfig({ ...keys, HOST: '0.0.0.0', SITE_URL: 'https://xinfang.example.gov.cn' }).host).toBe('0.0.0.0');
  });
});
