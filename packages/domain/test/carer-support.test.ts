import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carerSupportFor, carerSupportKinds } from '../src/care-services.js';

describe('carerSupportFor', () => {
  it('defaults a carer’s service to support direct to the carer, and keeps the kind given', () => {
    expect(carerSupportFor('carer', undefined)).toEqual({ carerSupport: 'direct_to_carer' });
    expect(carerSupportFor('carer', null)).toEqual({ carerSupport: 'direct_to_carer' });
    expect(carerSupportFor('carer', 'to_cared_for_person')).toEqual({ carerSupport: 'to_cared_for_person' });
  });

  it('refuses a carer support kind under an adult’s budget, and gives none when none is asked', () => {
    expect(carerSupportFor('adult', undefined)).toEqual({ carerSupport: null });
    expect(carerSupportFor('adult', 'direct_to_carer')).toMatchObject({
      problem: { code: 'carer_support_not_carer_budget' },
    });
  });

  it('property: a carer’s service always has a kind; an adult’s never does', () => {
    const given = fc.option(fc.constantFrom(...carerSupportKinds), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom('adult' as const, 'carer' as const), given, (kind, g) => {
        const out = carerSupportFor(kind, g);
        if (kind === 'carer') {
          expect('carerSupport' in out && out.carerSupport !== null).toBe(true);
          if (g) expect(out).toEqual({ carerSupport: g });
        } else {
          expect('problem' in out).toBe(g !== undefined);
          if (!g) expect(out).toEqual({ carerSupport: null });
        }
      }),
    );
  });
});
