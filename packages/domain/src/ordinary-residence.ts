/**
 * Ordinary residence: which council is responsible for meeting a person's eligible needs, recorded
 * with the eligibility determination (Care Act 2014 s13(3)(c): whether the person is ordinarily
 * resident in the authority's area is part of deciding whether it must meet the needs; s18(1)(a)).
 *
 * The bases (Care Act 2014, https://www.legislation.gov.uk/ukpga/2014/23):
 * - `ordinarily_resident` — lives in the council's area (s18(1)(a));
 * - `no_settled_residence` — of no settled residence and physically present in the area (s18(1)(a));
 * - `deemed_specified_accommodation` — s39(1): a person whose needs can be met only in specified
 *   accommodation (care homes, shared lives, supported living: the Care and Support (Ordinary
 *   Residence) (Specified Accommodation) Regulations 2014, SI 2014/2828) is treated as ordinarily
 *   resident where they were immediately before the council arranged it;
 * - `deemed_nhs_accommodation` — s39(5): while in NHS accommodation, where they were before;
 * - `deemed_mental_health_after_care` — s39(4) with Mental Health Act 1983 s117: where they were
 *   before detention;
 * - `urgent_needs_pending` — s19(3): needs met urgently while ordinary residence is not yet known.
 * A dispute between councils is settled under s40 and the Care and Support (Disputes Between
 * Local Authorities) Regulations 2014 (SI 2014/2829), one council meeting the needs meanwhile.
 */
import type { RuleProblem } from './conversations.js';

export const ordinaryResidenceBases = [
  'ordinarily_resident',
  'no_settled_residence',
  'deemed_specified_accommodation',
  'deemed_nhs_accommodation',
  'deemed_mental_health_after_care',
  'urgent_needs_pending',
] as const;
export type OrdinaryResidenceBasis = (typeof ordinaryResidenceBases)[number];

export const ordinaryResidenceBasisLabels: Readonly<Record<OrdinaryResidenceBasis, string>> = {
  ordinarily_resident: 'ordinarily resident in the council’s area (Care Act 2014 s18)',
  no_settled_residence: 'of no settled residence and present in the council’s area (s18)',
  deemed_specified_accommodation:
    'treated as resident where they lived before moving to specified accommodation (s39(1))',
  deemed_nhs_accommodation: 'treated as resident where they lived before NHS accommodation (s39(5))',
  deemed_mental_health_after_care: 'treated as resident where they lived before detention (s39(4), MHA 1983 s117)',
  urgent_needs_pending: 'needs met urgently while ordinary residence is established (s19(3))',
};

export interface OrdinaryResidence {
  /** The council responsible for meeting the needs. */
  council: string;
  basis: OrdinaryResidenceBasis;
  /** Another council disputes it (s40). */
  disputed: boolean;
  /** Which council disputes it and where the dispute stands; required when disputed. */
  note: string;
}

export type OrdinaryResidenceProblemCode =
  'ordinary_residence_council_required' | 'ordinary_residence_dispute_note_required';

/** A council is always named; a dispute always says who disputes it and where it stands. */
export function ordinaryResidenceProblems(or: OrdinaryResidence): RuleProblem<OrdinaryResidenceProblemCode>[] {
  const problems: RuleProblem<OrdinaryResidenceProblemCode>[] = [];
  if (or.council.trim() === '') {
    problems.push({
      code: 'ordinary_residence_council_required',
      detail: 'Name the council responsible for meeting the needs (Care Act 2014 s13(3)(c)).',
    });
  }
  if (or.disputed && or.note.trim() === '') {
    problems.push({
      code: 'ordinary_residence_dispute_note_required',
      detail: 'Say which council disputes ordinary residence and where the dispute stands (Care Act 2014 s40).',
    });
  }
  return problems;
}

/** The one line the eligibility letter carries about who pays. */
export function ordinaryResidenceLine(or: OrdinaryResidence): string {
  const line = `${or.council.trim()} is responsible for meeting your eligible needs: you are ${ordinaryResidenceBasisLabels[or.basis]}.`;
  return or.disputed ? `${line} Another council disputes this; your needs will be met while it is settled.` : line;
}
