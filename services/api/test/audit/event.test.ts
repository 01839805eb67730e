import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonical, chainHash, toAuditRow, type ChainedEvent } from '../../src/audit/event.js';

const stored: ChainedEvent = {
  seq: 42,
  id: '0b7f5a4e-8f0e-4c43-9d7e-1f2a3b4c5d6e',
  occurred_at: '2031-03-01T09:00:00.123456Z',
  actor_type: 'user',
  actor_id: 'c0ffee00-0000-4000-8000-000000000001',
  actor_role: 'social_worker',
  action: 'person.read',
  resource_type: 'person',
  resource_id: 'f00dbabe-0000-4000-8000-000000000001',
  person_id: 'f00dbabe-0000-4000-8000-000000000001',
  reason: 'Safeguarding concern raised by GP — “urgent”',
  outcome: 'allowed',
  request_id: null,
};

describe('the canonical form and the chain hash', () => {
  it('is key-sorted JSON without whitespace, whatever order the columns arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(stored).reverse()) as unknown as ChainedEvent;
    const text = canonical(reversed);
    expect(text).toBe(canonical(stored));
    expect(text.startsWith('{"action":"person.read","actor_id":')).toBe(true);
    expect(text).toContain('"request_id":null,"resource_id":');
    expect(text.endsWith('"seq":42}')).toBe(true);
    expect(JSON.parse(text)).toEqual(stored);
  });

  it('hashes the previous hash as 32 bytes followed by the canonical event as UTF-8', () => {
    const first = chainHash(GENESIS_HASH, stored);
    expect(first).toBe(
      createHash('sha256')
        .update(Buffer.alloc(32))
        .update(Buffer.from(canonical(stored), 'utf8'))
        .digest('hex'),
    );
    const second = chainHash(first, { ...stored, seq: 43 });
    expect(second).not.toBe(chainHash(GENESIS_HASH, { ...stored, seq: 43 }));
    expect(chainHash(first, { ...stored, occurred_at: '2031-03-01T09:00:00.123457Z' })).not.toBe(
      chainHash(first, stored),
    );
  });

  it('keeps only the audit fields of an event and defaults the outcome to allowed', () => {
    const row = toAuditRow(
      {
        actorType: 'client',
        actorId: 'tfc_1',
        action: 'person.read',
        resourceType: 'person',
        personId: 'F00DBABE-0000-4000-8000-000000000001',
        ...({ givenName: 'Margaret' } as object),
      },
      'id-1',
      new Date('2031-03-01T09:00:00Z'),
    );
    expect(row).toEqual({
      id: 'id-1',
      occurredAt: new Date('2031-03-01T09:00:00Z'),
      actorType: 'client',
      actorId: 'tfc_1',
      actorRole: null,
      action: 'person.read',
      resourceType: 'person',
      resourceId: null,
      personId: 'f00dbabe-0000-4000-8000-000000000001',
      reason: null,
      outcome: 'allowed',
      requestId: null,
    });
  });
});
