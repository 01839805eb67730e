import type { EligibilityKind } from '@threefold/domain';
import { countOf, formatDate, lowerFirst } from '@/format';
import type { EligibilityForm, OutcomeEntry } from './eligibilityForm';
import { ordinaryResidenceChoices } from './eligibilityForm';
import { outcomesOf, unableWaysOf } from './labels';

/**
 * The eligibility form as parts that fold away: what each part holds in a few words, whether it is
 * done (every answer it needs is given), and which part a field belongs to, so a field with an
 * error can be shown before it is focused.
 */
export type EligibilitySection = 'whose' | 'condition' | 'outcomes' | 'wellbeing' | 'fluctuating' | 'residence';

export const eligibilitySections: readonly EligibilitySection[] = [
  'whose',
  'condition',
  'outcomes',
  'wellbeing',
  'fluctuating',
  'residence',
];

const answered = (answer: string[]) => answer.length > 0;
const yesNo = (answer: string[]) => (answer[0] === 'yes' ? 'yes' : 'no');

/** Whether every answer the part needs is given (an optional part with nothing in it is done). */
export function sectionDone(form: EligibilityForm, section: EligibilitySection): boolean {
  switch (section) {
    case 'whose':
      return form.kind === 'adult' || !!form.caredForPersonId;
    case 'condition':
      return answered(form.needsArise) && (form.kind === 'adult' || answered(form.healthDeteriorating));
    case 'outcomes':
      // Leaving an outcome clear is an answer (they can achieve it); a part is done once any is marked.
      return Object.values(form.outcomes).some((o) => o.ways.length > 0);
    case 'wellbeing':
      return answered(form.significant);
    case 'fluctuating':
      return (
        form.needsFluctuate[0] !== 'yes' || (!!form.periodFrom && !!form.periodTo && !!form.periodDescription.trim())
      );
    case 'residence':
      return !(form.orDisputed ?? []).includes('yes') || (!!form.orNote?.trim() && !!form.orCouncil?.trim());
  }
}

/** How one outcome stands, in words, for the line that shows when it is folded. */
export function outcomeSummary(kind: EligibilityKind, entry: OutcomeEntry | undefined): string {
  if (!entry?.ways.length) return 'Can achieve (nothing ticked)';
  const ways = unableWaysOf(kind);
  return `Unable: ${entry.ways.map((w) => (ways.find((x) => x.value === w)?.label ?? w).toLowerCase()).join('; ')}`;
}

/** A few words per part, read with its heading while it is folded. */
export function sectionSummaries(
  form: EligibilityForm,
  caredForName: (id: string) => string | undefined,
): Record<EligibilitySection, string> {
  const total = outcomesOf(form.kind).length;
  const unmet = Object.values(form.outcomes).filter((o) => o.ways.length > 0).length;
  const council = form.orCouncil?.trim();
  const basis = ordinaryResidenceChoices.find((c) => c.value === form.orBasis)?.label;
  return {
    whose:
      form.kind === 'adult'
        ? 'An adult with needs for care and support'
        : form.caredForPersonId
          ? `A carer, caring for ${caredForName(form.caredForPersonId) ?? 'an adult'}`
          : 'A carer: choose the adult they care for',
    condition: !answered(form.needsArise)
      ? 'Not answered yet'
      : `Needs arise this way: ${yesNo(form.needsArise)}` +
        (form.kind === 'carer'
          ? answered(form.healthDeteriorating)
            ? `; health deteriorating: ${yesNo(form.healthDeteriorating)}`
            : '; health not answered yet'
          : ''),
    outcomes: `Unable to achieve ${unmet} of ${total}`,
    wellbeing: !answered(form.significant)
      ? 'Not answered yet'
      : `Significant impact: ${yesNo(form.significant)}` +
        (form.areas.length ? ` (${countOf(form.areas.length, 'area')})` : ''),
    fluctuating:
      form.needsFluctuate[0] === 'yes'
        ? form.periodFrom && form.periodTo
          ? `Yes, judged from ${formatDate(form.periodFrom)} to ${formatDate(form.periodTo)}`
          : 'Yes: give the period considered'
        : 'No',
    residence: council
      ? `${council}${basis ? `, ${lowerFirst(basis)}` : ''}${(form.orDisputed ?? []).includes('yes') ? '; disputed' : ''}`
      : 'No council named (optional)',
  };
}

/** The part a field of the form is in (by its element id). */
export function sectionOfField(fieldId: string): EligibilitySection | undefined {
  if (fieldId === 'kind' || fieldId === 'cared-for') return 'whose';
  if (['needs-arise', 'condition', 'health-deteriorating'].includes(fieldId)) return 'condition';
  if (fieldId === 'outcomes' || fieldId.startsWith('outcome-')) return 'outcomes';
  if (fieldId.startsWith('wellbeing')) return 'wellbeing';
  if (fieldId === 'needs-fluctuate' || fieldId.startsWith('period-')) return 'fluctuating';
  if (fieldId.startsWith('or-')) return 'residence';
  return undefined;
}
