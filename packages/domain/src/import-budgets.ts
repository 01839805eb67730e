/**
 * Live personal budgets brought in from a council's system: each is a budget the council already
 * agreed, carried over as a fact (not re-decided): the person (imported first), the weekly amount
 * agreed, the day it started, how it is managed (one method, or a mix split into weekly parts) and
 * the day its next review is due.
 */
import {
  managementMethods,
  managementProblems,
  type BudgetManagement,
  type SingleManagementMethod,
} from './budgets.js';
import type { FieldProblem, ImportField } from './imports.js';

export const budgetImportFields: Readonly<Record<string, ImportField>> = {
  /** The council's id of the person (imported first, from the same system). */
  personId: { type: 'reference', required: true, maxLength: 200 },
  /** The weekly amount agreed, in pounds as the council writes it ("£1,234.56"); held as integer pence. */
  weeklyAmount: { type: 'pence', required: true },
  /** The day the council's budget started (it goes live on it). */
  startOn: { type: 'date', required: true },
  /** How it is managed: one of `managementMethods` (a council's words reach it through a value map). */
  managedAs: { type: 'code', required: true, maxLength: 40 },
  /** For a mixed budget: the weekly part of each method (blank for a method it does not use). */
  directPaymentWeekly: { type: 'pence' },
  councilManagedWeekly: { type: 'pence' },
  individualServiceFundWeekly: { type: 'pence' },
  /** For a direct payment, when the council recorded it: s31 (the person asks) or s32 (an authorised person). */
  directPaymentSection: { type: 'code', maxLength: 3 },
  authorisedPerson: { type: 'text', maxLength: 200 },
  /** When the next review is due: it may be past (the review is overdue) or ahead. */
  nextReviewOn: { type: 'date', required: true, future: true },
};

/** The ways an imported budget can be managed: the budgets module's methods. */
export const budgetManagementMethods = managementMethods;
export const directPaymentSections = ['s31', 's32'] as const;

/** The part columns of a mixed budget, by the method each holds. */
export const budgetPartFields: Readonly<Record<SingleManagementMethod, string>> = {
  direct_payment: 'directPaymentWeekly',
  council_managed: 'councilManagedWeekly',
  individual_service_fund: 'individualServiceFundWeekly',
};

type Values = Readonly<Record<string, string | boolean | null>>;
const penceOf = (v: string | boolean | null | undefined): number | null => (typeof v === 'string' ? Number(v) : null);

/** How the budget is managed, as the budgets module stores it, from a checked row's values. */
export function importedManagement(values: Values): BudgetManagement {
  const method = values.managedAs as BudgetManagement['method'];
  const parts =
    method === 'mixed'
      ? (Object.entries(budgetPartFields) as [SingleManagementMethod, string][]).flatMap(([m, field]) => {
          const pence = penceOf(values[field]);
          return pence === null ? [] : [{ method: m, weeklyPence: pence }];
        })
      : [];
  const section = values.directPaymentSection;
  const directPayment =
    section === 's31' || section === 's32'
      ? {
          section: section as 's31' | 's32',
          authorisedPerson: typeof values.authorisedPerson === 'string' ? values.authorisedPerson : undefined,
          conditions: [],
        }
      : undefined;
  return { method, parts, directPayment };
}

/**
 * The budget rules beyond each field's own: the amount (and every part) is more than nothing;
 * the next review is not before the start; a mix is split between at least two methods whose
 * parts add up to the weekly amount exactly, and only a mix has parts; an s32 direct payment
 * names its authorised person. (Whether a direct payment was made under s31 or s32 is not always
 * in a council's export: left blank, it is not asked for.)
 */
export function budgetRowProblems(values: Values): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const weekly = penceOf(values.weeklyAmount);
  if (weekly !== null && weekly <= 0)
    problems.push({
      field: 'weeklyAmount',
      code: 'amount_not_positive',
      reason: 'a live budget is more than £0.00 a week',
    });
  for (const field of Object.values(budgetPartFields)) {
    const part = penceOf(values[field]);
    if (part !== null && part <= 0)
      problems.push({ field, code: 'amount_not_positive', reason: 'a part is more than £0.00 a week, or blank' });
  }
  const startOn = values.startOn;
  const reviewOn = values.nextReviewOn;
  if (typeof startOn === 'string' && typeof reviewOn === 'string' && reviewOn < startOn)
    problems.push({
      field: 'nextReviewOn',
      code: 'review_before_start',
      reason: 'the next review cannot be due before the budget started',
    });
  const method = values.managedAs;
  if (weekly === null || weekly <= 0 || typeof method !== 'string') return problems;
  if (method !== 'mixed') {
    for (const field of Object.values(budgetPartFields))
      if (values[field] !== null && values[field] !== undefined)
        problems.push({
          field,
          code: 'part_without_mix',
          reason: `only a mixed budget is split into parts: this one is ${method.replaceAll('_', ' ')}`,
        });
  }
  if (problems.length) return problems;
  for (const p of managementProblems(importedManagement(values), weekly)) {
    if (p.code === 'direct_payment_terms_missing') continue;
    const field = p.code === 'authorised_person_required' ? 'authorisedPerson' : 'managedAs';
    problems.push({ field, code: p.code, reason: p.detail });
  }
  return problems;
}
