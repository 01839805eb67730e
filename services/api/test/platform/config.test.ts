import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, corsOrigins, loadConfig, repoRoot } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults: port 3000 on 127.0.0.1, embedded database in .data', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe(path.join(repoRoot, '.data'));
    expect(corsOrigins(config)).toEqual([]);
  });

  it('reads and converts settings from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      TRUST_PROXY: 'true',
      DATABASE_URL: 'postgresql://app@db:5432/threefold',
      CORS_ORIGINS: 'https://council.example, https://partner.example',
    });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.DATABASE_URL).toBe('postgresql://app@db:5432/threefold');
    expect(corsOrigins(config)).toEqual(['https://council.example', 'https://partner.example']);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('reports every bad setting at once, one clear line each, never echoing the database URL', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'maybe',
        DATABASE_URL: 'mysql://u:s3cret@h/db',
        BODY_LIMIT_BYTES: '10',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems).toContain('PORT must be a whole number (got "eighty")');
    expect(problems).toContain('TRUST_PROXY must be true or false (got "maybe")');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toContain('must be one of fatal, error, warn, info');
    expect(problems.find((p) => p.startsWith('BODY_LIMIT_BYTES'))).toContain('1024');
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toBeDefined();
    expect((error as Error).message).not.toContain('s3cret');
  });
});
