import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationOutputsProblems } from '../src/conversations.js';

const started = '2026-11-02';
const word = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0);
const dateFrom = (from: string) =>
  fc
    .integer({ min: 0, max: 400 })
    .map((days) => new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10));

describe('outputs of a strengths-based conversation', () => {
  it('hold together when every part is filled in and dated on or after the conversation', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ step: word, who: word, byWhen: dateFrom(started) }), { maxLength: 3 }),
        fc.array(fc.record({ name: word, role: fc.string({ maxLength: 10 }), agreed: word }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(
          fc.record({
            risk: word,
            whatMatters: word,
            mitigations: fc.array(word, { minLength: 1, maxLength: 3 }),
            who: word,
            reviewOn: dateFrom(started),
          }),
          { maxLength: 3 },
        ),
        (goals, steps, members, risks) => {
          expect(
            conversationOutputsProblems(
              {
                personalDevelopmentPlan: { goals, steps },
                circleOfSupport: { members, agreement: '' },
                riskEnablementPlan: { risks },
              },
              started,
            ),
          ).toEqual([]);
        },
      ),
    );
  });

  it('always names a risk with no way of making it safer, wherever it sits in the plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.constantFrom('', '  '), { maxLength: 3 }),
        (at, empty) => {
          const good = {
            risk: 'Driving',
            whatMatters: 'Her sister',
            mitigations: ['Assessment'],
            who: 'Rhian',
            reviewOn: started,
          };
          const risks = Array.from({ length: 6 }, (_, i) => (i === at ? { ...good, mitigations: empty } : good));
          expect(conversationOutputsProblems({ riskEnablementPlan: { risks } }, started)).toEqual([
            { field: `outputs.riskEnablementPlan.risks.${at}.mitigations`, message: expect.any(String) },
          ]);
        },
      ),
    );
  });

  it('refuses dates before the conversation began, and an empty plan or circle', () => {
    expect(
      conversationOutputsProblems(
        {
          personalDevelopmentPlan: { goals: [' '], steps: [{ step: 'Walk', who: 'Dai', byWhen: '2026-11-01' }] },
          circleOfSupport: { members: [], agreement: 'x', reviewOn: '2026-11-01' },
        },
        started,
      ).map((p) => p.field),
    ).toEqual([
      'outputs.personalDevelopmentPlan.goals',
      'outputs.personalDevelopmentPlan.steps.0.byWhen',
      'outputs.circleOfSupport.members',
      'outputs.circleOfSupport.reviewOn',
    ]);
    expect(conversationOutputsProblems({ desiredOutcomes: ['Home by spring'] }, started)).toEqual([]);
  });
});
