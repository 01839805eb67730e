import { describe, expect, it } from 'vitest';
import { staffUser } from '@/test-support/admin';
import type { StaffUser } from './api';
import { allowedScopes, checkClient, emptyClientForm, parseRateLimit } from './clientForm';
import { changesBetween, checkColleague, differs, formOf, suggestPassword } from './colleagueForm';
import { penceToPoundsInput, poundsInputToPence, scopeChoices } from './labels';
import { keepTypedChanges } from '@/api/merge';

const user = (overrides: Partial<StaffUser> = {}) => staffUser(overrides) as StaffUser;

describe('the delegated weekly limit: pounds on screen, pence in the API', () => {
  it.each([
    ['450', 45_000],
    ['450.5', 45_050],
    ['450.50', 45_050],
    ['£1,250.50', 125_050],
    ['  99.99 ', 9_999],
    ['.75', 75],
    ['1000000', 100_000_000],
  ])('%j → %i pence', (typed, pence) => {
    expect(poundsInputToPence(typed)).toEqual({ pence });
  });

  it('empty means no limit', () => {
    expect(poundsInputToPence('')).toEqual({ pence: null });
    expect(poundsInputToPence('   ')).toEqual({ pence: null });
  });

  it.each([
    ['12.345', 'no more than 2 decimal places'],
    ['twelve', 'Enter the amount in pounds'],
    ['12,34', 'Enter the amount in pounds'],
    ['-5', '£0 or more'],
    ['1000000.01', 'no more than £1,000,000.00'],
  ])('%j is refused: %s', (typed, message) => {
    expect(poundsInputToPence(typed).error).toContain(message);
  });

  it('shows pence as pounds to edit, never losing a penny', () => {
    expect(penceToPoundsInput(45_050)).toBe('450.50');
    expect(penceToPoundsInput(1_234_567)).toBe('12345.67');
    expect(penceToPoundsInput(5)).toBe('0.05');
    expect(penceToPoundsInput(null)).toBe('');
  });
});

describe('the colleague form', () => {
  it('names every problem, in the order of the page', () => {
    expect(
      Object.keys(
        checkColleague({ displayName: ' ', roles: [], teamIds: [], limit: 'abc' }, { email: 'x', password: 'short' }),
      ),
    ).toEqual(['email', 'displayName', 'roles', 'delegatedWeeklyLimitPence', 'password']);
    expect(checkColleague({ displayName: 'Rosa', roles: ['auditor'], teamIds: [], limit: '' })).toEqual({});
    expect(
      checkColleague(
        { displayName: 'Rosa', roles: ['auditor'], teamIds: [], limit: '' },
        { email: 'rosa@example.org', password: 'twelve chars' },
      ),
    ).toEqual({});
    expect(
      checkColleague({ displayName: 'Rosa', roles: ['auditor'], teamIds: [], limit: '' }, { password: 'eleven char' })
        .password,
    ).toBe('The password must be at least 12 characters');
  });

  it('sends only what changed, the limit in pence, whatever order roles were ticked in', () => {
    const saved = user({
      roles: ['practitioner', 'social_worker'],
      teamIds: ['t1'],
      delegatedWeeklyLimitPence: 45_000,
    });
    expect(changesBetween(saved, formOf(saved))).toEqual({});
    expect(differs(saved, formOf(saved))).toBe(false);
    expect(changesBetween(saved, { ...formOf(saved), roles: ['social_worker', 'practitioner'] })).toEqual({});
    expect(changesBetween(saved, { ...formOf(saved), limit: '500.25', displayName: ' Chris Doyle ' })).toEqual({
      delegatedWeeklyLimitPence: 50_025,
    });
    expect(changesBetween(saved, { ...formOf(saved), limit: '' })).toEqual({ delegatedWeeklyLimitPence: null });
    expect(changesBetween(saved, { ...formOf(saved), teamIds: [] })).toEqual({ teamIds: [] });
  });

  it('treats a limit of £0 and no limit alike, so a £0 limit does not look like an unsaved change', () => {
    const saved = user({ delegatedWeeklyLimitPence: 0 });
    expect(formOf(saved).limit).toBe('');
    expect(differs(saved, formOf(saved))).toBe(false);
    expect(changesBetween(saved, { ...formOf(saved), limit: '0' })).toEqual({});
  });

  it('suggests passwords long enough, from letters and digits that are not easily confused', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const password = suggestPassword();
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
      expect(password).not.toMatch(/[lIO01]/);
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });
});

describe('after someone else saved first', () => {
  it('keeps the fields changed here and takes the others from the latest version', () => {
    const before = { displayName: 'Chris Doyle', roles: ['practitioner'], teamIds: ['t1'], limit: '' };
    const typed = { ...before, displayName: 'Christopher Doyle', roles: ['practitioner', 'social_worker'] };
    const latest = { displayName: 'Chris Doyle', roles: ['practitioner'], teamIds: ['t2'], limit: '120.00' };
    expect(keepTypedChanges(typed, before, latest)).toEqual({
      displayName: 'Christopher Doyle',
      roles: ['practitioner', 'social_worker'],
      teamIds: ['t2'],
      limit: '120.00',
    });
    // Ticking the same roles in another order is not a change.
    expect(keepTypedChanges({ ...before, roles: ['practitioner'] }, before, latest).roles).toEqual(['practitioner']);
  });
});

describe('machine clients', () => {
  it('offers each kind only its own scopes', () => {
    expect(scopeChoices('partner').map((c) => c.value)).toEqual([
      'connections:read',
      'connections:write',
      'webhooks:manage',
    ]);
    expect(scopeChoices('council').map((c) => c.value)).not.toContain('connections:read');
    expect(scopeChoices('council').find((c) => c.value === 'returns:read')?.label).toBe('Pull the statutory returns');
  });

  it('drops scopes the kind cannot have when the kind changes', () => {
    expect(allowedScopes('partner', ['contacts:write', 'webhooks:manage', 'connections:read'])).toEqual([
      'connections:read',
      'webhooks:manage',
    ]);
    expect(allowedScopes('', ['contacts:write'])).toEqual([]);
  });

  it('checks the form before registering', () => {
    expect(checkClient(emptyClientForm(), { creating: true })).toEqual({
      name: 'Enter a name for the connected system',
      kind: 'Choose whether this is a council system or a partner organisation',
    });
    const partner = { ...emptyClientForm(), name: 'Age Concern', kind: 'partner' as const, organisationId: 'abc' };
    expect(checkClient(partner, { creating: true })).toMatchObject({
      organisationId: expect.stringContaining('from the list'),
      scopes: 'Choose at least one thing the system may do',
    });
    expect(parseRateLimit('')).toEqual({ value: undefined });
    expect(parseRateLimit('1,200')).toEqual({ value: 1200 });
    expect(parseRateLimit('0').error).toContain('from 1 to 100,000');
    expect(parseRateLimit('12.5').error).toContain('whole number');
  });
});
