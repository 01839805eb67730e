import { advocacyProblems, advocacyTest, type AdvocacyNeed, type RuleProblem } from '@threefold/domain';
import type { Static } from 'typebox';
import type { Advocacy, AdvocacyResult } from './schemas.js';

/** A stored advocacy test, if one was recorded (older rows may hold `{}`). */
export function storedAdvocacy(value: unknown): Static<typeof Advocacy> | null {
  return value && typeof value === 'object' && 'substantialDifficulty' in value
    ? (value as Static<typeof Advocacy>)
    : null;
}

/** What the whole test (s67 with reg 4) concludes on what was recorded; null when nothing was. */
export function advocacyResultOf(value: unknown): Static<typeof AdvocacyResult> | null {
  const advocacy = storedAdvocacy(value);
  if (!advocacy) return null;
  const result = advocacyTest(advocacy as AdvocacyNeed);
  return { required: result.required, grounds: result.grounds, advocateRecorded: advocacy.advocateRecorded };
}

/** What stops `step` when an advocate is required but none is recorded. */
export function advocacyStepProblems(value: unknown, step: string): RuleProblem[] {
  const advocacy = storedAdvocacy(value);
  return advocacy ? advocacyProblems(advocacy as AdvocacyNeed, step) : [];
}
