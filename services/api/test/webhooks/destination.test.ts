import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { checkDestination, isPublicAddress, type ResolveAll } from '../../src/outbox/destination.js';
import { postWebhook } from '../../src/outbox/post-webhook.js';
import { startReceiver, type Receiver } from './receiver.js';

const strict = { allowPrivate: false };
/** A resolver for names in tests: no DNS query leaves the machine. */
const fakeDns =
  (table: Record<string, string[]>): ResolveAll =>
  async (hostname) => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('webhook URL rules (private destinations not allowed)', () => {
  it.each([
    ['http://203.0.113.9/hook', 'must use https://'],
    ['ftp://hooks.council.example/hook', 'must use https://'],
    ['https://user:pw@hooks.council.example/hook', 'user name or password'],
    ['not a url', 'not a valid absolute URL'],
  ])('refuses %s', async (url, reason) => {
    const check = await checkDestination(url, { ...strict, resolve: fakeDns({}) });
    expect(check).toMatchObject({ ok: false });
    expect((check as { reason: string }).reason).toContain(reason);
  });

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback, elsewhere in 127/8', 'https://127.8.9.10/hook'],
    ['10.x', 'https://10.1.2.3/hook'],
    ['172.16/12', 'https://172.20.0.1/hook'],
    ['192.168.x', 'https://192.168.1.20/hook'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
    ['CGNAT', 'https://100.64.0.1/hook'],
    ['multicast', 'https://224.0.0.1/hook'],
    ['unspecified', 'https://0.0.0.0/hook'],
    ['IPv6 loopback ::1', 'https://[::1]/hook'],
    ['IPv6 unique local fc00::/7 (fc..)', 'https://[fc00::1]/hook'],
    ['IPv6 unique local fc00::/7 (fd..)', 'https://[fd12:3456::1]/hook'],
    ['IPv6 link-local', 'https://[fe80::1]/hook'],
    ['IPv6 unspecified', 'https://[::]/hook'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv4 in octal-ish shorthand', 'https://0x7f.1/hook'],
  ])('refuses %s (%s)', async (_what, url) => {
    const check = await checkDestination(url, { ...strict, resolve: fakeDns({}) });
    expect(check).toMatchObject({ ok: false });
    expect((check as { reason: string }).reason).toContain('private, loopback or reserved');
  });

  it('refuses a name when any address it resolves to is private', async () => {
    const resolve = fakeDns({ 'hooks.partner.example': ['81.2.69.160', '10.0.0.7'] });
    const check = await checkDestination('https://hooks.partner.example/in', { ...strict, resolve });
    expect(check).toEqual({
      ok: false,
      reason: 'must not point at a private, loopback or reserved address (10.0.0.7)',
    });
  });

  it('refuses a name that does not resolve', async () => {
    const check = await checkDestination('https://nowhere.example/in', { ...strict, resolve: fakeDns({}) });
    expect(check).toEqual({ ok: false, reason: 'names a host that does not resolve' });
  });

  it('accepts https to a name that resolves only to public addresses', async () => {
    const resolve = fakeDns({ 'hooks.council.example': ['81.2.69.160', '2a00:1450:4009:81f::200e'] });
    const check = await checkDestination('https://hooks.council.example/threefold', { ...strict, resolve });
    expect(check).toMatchObject({ ok: true });
  });

  it('classifies addresses: public unicast only', () => {
    expect(isPublicAddress('81.2.69.160')).toBe(true);
    expect(isPublicAddress('2a00:1450:4009:81f::200e')).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '192.168.0.1',
      '169.254.1.1',
      '100.100.0.1',
      '::1',
      'fc00::1',
      'fdff::1',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });

  it('allows http:// and private addresses when WEBHOOKS_ALLOW_PRIVATE is on (development and test)', async () => {
    expect(await checkDestination('http://127.0.0.1:9999/hook', { allowPrivate: true })).toMatchObject({ ok: true });
  });
});

describe('webhook URL rules at delivery time', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('refuses to connect when a name that was public now resolves to loopback (DNS rebinding)', async () => {
    const port = new URL(receiver.url).port;
    let lookups = 0;
    // Public when the subscription was checked, then loopback: the address actually used is judged.
    const rebinding: ResolveAll = async () => {
      lookups += 1;
      return lookups === 1 ? [{ address: '81.2.69.160', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    };
    const outcome = await postWebhook(
      `https://rebind.example:${port}/hook`,
      '{}',
      {},
      {
        allowPrivate: false,
        timeoutMs: 2000,
        resolve: rebinding,
      },
    );
    expect(outcome.status).toBeNull();
    expect(outcome.error).toContain('refused address (127.0.0.1)');
    expect(lookups).toBe(2);
    expect(receiver.connections).toBe(0);
  });

  it('refuses a literal private address without connecting', async () => {
    const outcome = await postWebhook(
      `https://127.0.0.1:${new URL(receiver.url).port}/hook`,
      '{}',
      {},
      {
        allowPrivate: false,
        timeoutMs: 2000,
      },
    );
    expect(outcome.error).toContain('destination refused');
    expect(receiver.connections).toBe(0);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const slow = await import('node:http').then(
      ({ default: http }) =>
        new Promise<{ url: string; close: () => void }>((resolve) => {
          const server = http.createServer(() => {
            /* never answers */
          });
          server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            resolve({
              url: `http://127.0.0.1:${port}/hook`,
              close: () => {
                server.closeAllConnections();
                server.close();
              },
            });
          });
        }),
    );
    try {
      const started = Date.now();
      const outcome = await postWebhook(slow.url, '{}', {}, { allowPrivate: true, timeoutMs: 300 });
      expect(outcome).toEqual({ status: null, error: 'no answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      slow.close();
    }
  });
});

describe('webhook configuration', () => {
  it('refuses to start in production with private destinations allowed', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOKS_ALLOW_PRIVATE: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOKS_ALLOW_PRIVATE: 'true' })).toThrow(
      'WEBHOOKS_ALLOW_PRIVATE must be false in production',
    );
    expect(loadConfig({ NODE_ENV: 'production' }).WEBHOOKS_ALLOW_PRIVATE).toBe(false);
  });
});
