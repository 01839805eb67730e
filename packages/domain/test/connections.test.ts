import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  connectionActions,
  connectionMove,
  connectionStatuses,
  consentProblem,
  type ConnectionStatus,
} from '../src/connections.js';

const finals: ConnectionStatus[] = ['declined', 'completed', 'withdrawn'];

describe('a connection’s lifecycle', () => {
  it('goes offered → accepted → completed, with an outcome', () => {
    expect(connectionMove('offered', 'accept', 'partner', {})).toEqual({ ok: true, to: 'accepted' });
    expect(connectionMove('accepted', 'complete', 'partner', { outcome: 'Joined the walking group' })).toEqual({
      ok: true,
      to: 'completed',
    });
    expect(connectionMove('accepted', 'complete', 'partner', { outcome: '  ' })).toMatchObject({
      ok: false,
      code: 'connection_outcome_required',
    });
  });

  it('needs a reason to decline or withdraw, and only the practice withdraws', () => {
    expect(connectionMove('offered', 'decline', 'partner', {})).toMatchObject({ code: 'connection_reason_required' });
    expect(connectionMove('offered', 'decline', 'partner', { reason: 'Full' })).toEqual({ ok: true, to: 'declined' });
    expect(connectionMove('offered', 'withdraw', 'partner', { reason: 'x' })).toMatchObject({
      code: 'connection_not_yours',
    });
    expect(connectionMove('accepted', 'withdraw', 'practice', { reason: 'Moved away' })).toEqual({
      ok: true,
      to: 'withdrawn',
    });
  });

  it('never leaves a final state, whatever is asked by whom', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...finals),
        fc.constantFrom(...connectionActions),
        fc.constantFrom('partner' as const, 'practice' as const),
        fc.string(),
        (from, action, actor, text) => {
          expect(connectionMove(from, action, actor, { reason: text, outcome: text }).ok).toBe(false);
        },
      ),
    );
  });

  it('only ever moves to a known status, and a completed one was accepted first', () => {
    fc.assert(
      fc.property(fc.constantFrom(...connectionStatuses), fc.constantFrom(...connectionActions), (from, action) => {
        const move = connectionMove(from, action, 'practice', { reason: 'r', outcome: 'o' });
        if (move.ok) {
          expect(connectionStatuses).toContain(move.to);
          if (move.to === 'completed') expect(from).toBe('accepted');
        }
      }),
    );
  });
});

describe('consent to share', () => {
  it('is required unless a lawful reason is recorded', () => {
    expect(consentProblem(true, null)).toBeNull();
    expect(consentProblem(false, 'Vital interests: at risk of serious harm tonight')).toBeNull();
    expect(consentProblem(false, ' ')).not.toBeNull();
    expect(consentProblem(false, undefined)).not.toBeNull();
  });
});
