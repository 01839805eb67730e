import { describe, expect, it } from 'vitest';
import { emptyEligibilityForm, formErrors, toDetermination } from './eligibilityForm';

describe('ordinary residence on the eligibility form', () => {
  it('is sent only when a council is named, with its basis and any dispute', () => {
    const form = emptyEligibilityForm();
    expect(toDetermination(form, 'c3').ordinaryResidence).toBeUndefined();
    const named = { ...form, orCouncil: ' Shropshire Council ', orBasis: 'deemed_nhs_accommodation' };
    expect(toDetermination(named, 'c3').ordinaryResidence).toEqual({
      council: 'Shropshire Council',
      basis: 'deemed_nhs_accommodation',
      disputed: false,
      note: '',
    });
  });

  it('asks which council disputes it before sending a dispute', () => {
    const form = { ...emptyEligibilityForm(), orCouncil: 'Shropshire Council', orDisputed: ['yes'] };
    expect(formErrors(form)['or-note']).toBe('Say which council disputes it and where the dispute stands');
    expect(formErrors({ ...form, orNote: 'Telford disputes it' })['or-note']).toBeUndefined();
    expect(formErrors({ ...form, orCouncil: '', orNote: 'x' })['or-council']).toBeDefined();
  });
});
