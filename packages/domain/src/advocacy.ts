/**
 * The whole independent advocacy test, as one rule used wherever the practice must involve a
 * person: conversations (needs assessment, Care Act 2014 s9(5)), eligibility determinations,
 * care and support plans (s25(3)) and their reviews (s27(2)).
 *
 * Sources:
 * - Care Act 2014 s67(4): the condition — without an advocate the person would experience
 *   substantial difficulty in (a) understanding relevant information, (b) retaining it, (c) using or
 *   weighing it as part of being involved, or (d) communicating their views, wishes or feelings.
 * - s67(5): the duty does not apply if there is an appropriate person to represent and support
 *   them who is not paid or professionally engaged in their care.
 * - The Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 (SI 2014/2889)
 *   reg 4: the s67(5) exception does not apply — an advocate is arranged even with an appropriate
 *   person — where (2) the assessment or planning might result in a deprivation of the person's
 *   liberty; (3) it is likely to result in an NHS body arranging accommodation in a hospital for 28
 *   days or more or in a care home for 8 weeks or more, and the authority is satisfied an advocate
 *   would be in the person's best interests; (4) there is disagreement on a material issue between
 *   the authority and the appropriate person, and both agree an advocate would be in the person's
 *   best interests.
 */
import type { AdvocacyNeed, RuleProblem } from './conversations.js';

/** Why an advocate is needed. */
export const advocacyGrounds = [
  's67_no_appropriate_person',
  'reg4_deprivation_of_liberty',
  'reg4_nhs_accommodation',
  'reg4_disagreement',
] as const;
export type AdvocacyGround = (typeof advocacyGrounds)[number];

export const advocacyGroundLabels: Readonly<Record<AdvocacyGround, string>> = {
  s67_no_appropriate_person:
    'Substantial difficulty being involved and no appropriate person (Care Act 2014 s67(4)–(5))',
  reg4_deprivation_of_liberty: 'The assessment or plan might result in a deprivation of liberty (reg 4(2))',
  reg4_nhs_accommodation:
    'An NHS-arranged stay in hospital of 28 days or more, or in a care home of 8 weeks or more, is likely (reg 4(3))',
  reg4_disagreement: 'The practice and the appropriate person disagree on a material issue (reg 4(4))',
};

export interface AdvocacyTestResult {
  /** Substantial difficulty in at least one of the four ways (s67(4)). */
  substantialDifficulty: boolean;
  required: boolean;
  grounds: AdvocacyGround[];
}

/**
 * The whole test. An advocate is required only when the person would have substantial difficulty
 * being involved (s67(4)); then when there is no appropriate person (s67(5)), or — even with one —
 * in any of reg 4's cases.
 */
export function advocacyTest(advocacy: AdvocacyNeed): AdvocacyTestResult {
  const { understanding, retaining, weighing, communicating } = advocacy.substantialDifficulty;
  const difficulty = understanding || retaining || weighing || communicating;
  if (!difficulty) return { substantialDifficulty: false, required: false, grounds: [] };
  const grounds: AdvocacyGround[] = [];
  if (!advocacy.appropriatePersonAvailable) grounds.push('s67_no_appropriate_person');
  if (advocacy.possibleDeprivationOfLiberty) grounds.push('reg4_deprivation_of_liberty');
  if (
    (advocacy.nhsHospitalStay28Days || advocacy.nhsCareHome8Weeks) &&
    advocacy.nhsAccommodationAdvocateInBestInterests
  ) {
    grounds.push('reg4_nhs_accommodation');
  }
  if (
    advocacy.appropriatePersonAvailable &&
    advocacy.disagreementWithAppropriatePerson &&
    advocacy.advocateAgreedWithAppropriatePerson
  ) {
    grounds.push('reg4_disagreement');
  }
  return { substantialDifficulty: true, required: grounds.length > 0, grounds };
}

/** An advocate is required by the test but none is recorded: what stops the step, in words. */
export function advocacyProblems(advocacy: AdvocacyNeed, step: string): RuleProblem<'advocate_required'>[] {
  const result = advocacyTest(advocacy);
  if (!result.required || advocacy.advocateRecorded) return [];
  return [
    {
      code: 'advocate_required',
      detail: `An independent advocate is required before ${step}: ${result.grounds
        .map((g) => advocacyGroundLabels[g])
        .join('; ')}.`,
    },
  ];
}
