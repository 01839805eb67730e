/**
 * Warning notes: what a colleague must know before visiting or phoning a person — a risk to staff,
 * to others or to the person themselves (the Health and Safety at Work etc. Act 1974 s2–3 duty to
 * tell staff of known risks; UK GDPR Art 5(1)(c)–(d): kept only while still needed, so every
 * warning carries a review date and is looked at again by then).
 */
import { addMonths, isIsoDate, type IsoDate } from './calendar.js';
import type { RuleProblem } from './conversations.js';

export const warningKinds = ['risk_to_staff', 'risk_to_others', 'risk_to_self', 'other'] as const;
export type WarningKind = (typeof warningKinds)[number];

export const warningKindLabels: Readonly<Record<WarningKind, string>> = {
  risk_to_staff: 'Risk to staff',
  risk_to_others: 'Risk to others',
  risk_to_self: 'Risk to self',
  other: 'Other warning',
};

/** A warning is looked at again at least this often. */
export const WARNING_MAX_REVIEW_MONTHS = 12;

/**
 * Whether `reviewOn` is an acceptable review date for a warning set or reviewed on `today`: a real
 * date, not in the past, and no more than twelve months ahead.
 */
export function warningReviewDateProblems(reviewOn: string, today: IsoDate): RuleProblem[] {
  if (!isIsoDate(reviewOn)) return [{ code: 'review_date_invalid', detail: 'The review date is not a real date.' }];
  if (reviewOn < today) {
    return [{ code: 'review_date_in_past', detail: 'The review date cannot be in the past.' }];
  }
  if (reviewOn > addMonths(today, WARNING_MAX_REVIEW_MONTHS)) {
    return [
      {
        code: 'review_date_too_far',
        detail: `A warning is looked at again within ${WARNING_MAX_REVIEW_MONTHS} months: choose an earlier review date.`,
      },
    ];
  }
  return [];
}

/** A review that keeps the warning must set its next review date; one that ends it must not. */
export function warningReviewProblems(
  review: { stillNeeded: boolean; nextReviewOn?: string | undefined },
  today: IsoDate,
): RuleProblem[] {
  if (!review.stillNeeded) {
    return review.nextReviewOn === undefined
      ? []
      : [{ code: 'ended_warning_has_no_review', detail: 'A warning no longer needed ends: give no next review date.' }];
  }
  if (review.nextReviewOn === undefined) {
    return [{ code: 'review_date_required', detail: 'A warning still needed needs its next review date.' }];
  }
  return warningReviewDateProblems(review.nextReviewOn, today);
}
