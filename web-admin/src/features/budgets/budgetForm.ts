import {
  budgetStatement,
  formatPounds,
  parsePoundsToPence,
  planTotals,
  poundsProblem,
  type FundingKind,
  type PlanLineFrequency,
  type PlanLineProvider,
  type SingleManagementMethod,
} from '@threefold/domain';
import type { BudgetManagement, FundingSource, PersonalBudget, PlanLineInput } from './api';

/** A plan line as typed: money in pounds, units as text, so a half-typed amount is not lost. */
export interface LineDraft {
  what: string;
  provider: PlanLineProvider;
  providerName: string;
  paid: boolean;
  unitCost: string;
  unitCostId: string | null;
  unit: string;
  unitsPerWeek: string;
  frequency: PlanLineFrequency;
}

export interface FundingDraft {
  kind: FundingKind;
  amount: string;
  description: string;
}

/** A part of a mixed arrangement as typed: one single way, and the pounds a week it manages. */
export interface ManagementPartDraft {
  method: SingleManagementMethod;
  amount: string;
}

export interface ManagementDraft {
  method: BudgetManagement['method'] | '';
  section: 's31' | 's32' | '';
  authorisedPerson: string;
  conditions: string;
  /** For a mix: how much of the weekly total each way manages. */
  parts: ManagementPartDraft[];
}

export interface BudgetDraft {
  goodLife: string;
  lines: LineDraft[];
  funding: FundingDraft[];
  management: ManagementDraft;
}

export const providerWords: Readonly<Record<PlanLineProvider, string>> = {
  organisation: 'An organisation',
  personal_assistant: 'A personal assistant',
  family: 'Family or friends',
  community: 'The community',
};

export const frequencyWords: Readonly<Record<PlanLineFrequency, string>> = {
  weekly: 'Every week',
  fortnightly: 'Every other week',
  four_weekly: 'One week in four',
};

export const fundingWords: Readonly<Record<FundingKind, string>> = {
  council: 'The council',
  nhs: 'The NHS',
  person_contribution: 'The person’s assessed contribution',
  other_public: 'Other public money',
};

export const managementWords: Readonly<Record<BudgetManagement['method'], string>> = {
  direct_payment: 'Direct payment',
  council_managed: 'Managed by the council',
  individual_service_fund: 'Individual service fund',
  mixed: 'A mix',
};

const pounds = (pence: number) => (pence / 100).toFixed(2);

export function blankLine(): LineDraft {
  return {
    what: '',
    provider: 'organisation',
    providerName: '',
    paid: true,
    unitCost: '',
    unitCostId: null,
    unit: 'hour',
    unitsPerWeek: '',
    frequency: 'weekly',
  };
}

export function draftOf(budget: PersonalBudget): BudgetDraft {
  const m = budget.management;
  return {
    goodLife: budget.goodLife,
    lines: budget.planLines.map((l) => ({
      what: l.what,
      provider: l.provider,
      providerName: l.providerName,
      paid: l.paid,
      unitCost: pounds(l.unitCostPence),
      unitCostId: l.unitCostId,
      unit: l.unit,
      unitsPerWeek: String(l.unitsPerWeek),
      frequency: l.frequency,
    })),
    funding: budget.fundingSources.map((f) => ({
      kind: f.kind,
      amount: pounds(f.weeklyPence),
      description: f.description ?? '',
    })),
    management: {
      method: m?.method ?? '',
      section: m?.directPayment?.section ?? '',
      authorisedPerson: m?.directPayment?.authorisedPerson ?? '',
      conditions: (m?.directPayment?.conditions ?? []).join('\n'),
      parts: (m?.parts ?? []).map((p) => ({ method: p.method, amount: pounds(p.weeklyPence) })),
    },
  };
}

function unitsOf(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 && Number.isInteger(value * 4) ? value : null;
}

/** What is wrong with each typed line, keyed `lines.<i>.<field>`, in words for the field. */
export function draftProblems(draft: BudgetDraft): Record<string, string> {
  const out: Record<string, string> = {};
  draft.lines.forEach((line, i) => {
    if (!line.what.trim()) out[`lines.${i}.what`] = 'Say what the support is';
    if (line.paid) {
      const problem = poundsProblem(line.unitCost);
      if (problem) out[`lines.${i}.unitCost`] = `The unit cost ${problem}`;
      else if ((parsePoundsToPence(line.unitCost) ?? 0) <= 0)
        out[`lines.${i}.unitCost`] = 'A paid line needs a unit cost';
    }
    if (unitsOf(line.unitsPerWeek) === null)
      out[`lines.${i}.unitsPerWeek`] = 'Enter units a week, in quarters (for example 7 or 1.25)';
  });
  draft.funding.forEach((f, i) => {
    const problem = poundsProblem(f.amount);
    if (problem) out[`funding.${i}.amount`] = `The amount ${problem}`;
    else if ((parsePoundsToPence(f.amount) ?? 0) < 0) out[`funding.${i}.amount`] = 'The amount cannot be negative';
  });
  if (draft.management.method === 'mixed')
    draft.management.parts.forEach((p, i) => {
      const problem = poundsProblem(p.amount);
      if (problem) out[`management.parts.${i}.amount`] = `The amount ${problem}`;
      else if ((parsePoundsToPence(p.amount) ?? 0) < 0)
        out[`management.parts.${i}.amount`] = 'The amount cannot be negative';
    });
  return out;
}

export function linesOf(draft: BudgetDraft): PlanLineInput[] {
  return draft.lines.map((l) => ({
    what: l.what.trim(),
    provider: l.provider,
    providerName: l.providerName.trim(),
    paid: l.paid,
    unitCostPence: l.paid ? (parsePoundsToPence(l.unitCost) ?? 0) : 0,
    unitCostId: l.unitCostId,
    unit: l.unit,
    unitsPerWeek: unitsOf(l.unitsPerWeek) ?? 0,
    frequency: l.frequency,
  }));
}

export function fundingOf(draft: BudgetDraft): FundingSource[] {
  return draft.funding.map((f) => ({
    kind: f.kind,
    weeklyPence: parsePoundsToPence(f.amount) ?? 0,
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
  }));
}

/** Whether the arrangement pays any of the budget as a direct payment (so needs its terms). */
export function usesDirectPayment(m: ManagementDraft): boolean {
  return m.method === 'direct_payment' || (m.method === 'mixed' && m.parts.some((p) => p.method === 'direct_payment'));
}

export function managementOf(draft: BudgetDraft): BudgetManagement | null {
  const m = draft.management;
  if (!m.method) return null;
  return {
    method: m.method,
    ...(m.method === 'mixed'
      ? { parts: m.parts.map((p) => ({ method: p.method, weeklyPence: parsePoundsToPence(p.amount) ?? 0 })) }
      : {}),
    directPayment:
      usesDirectPayment(m) && m.section
        ? {
            section: m.section,
            authorisedPerson: m.section === 's32' ? m.authorisedPerson.trim() || null : null,
            conditions: m.conditions
              .split('\n')
              .map((c) => c.trim())
              .filter(Boolean),
          }
        : null,
  };
}

/** The live totals and s26 statement of what is typed, with the same arithmetic as the API. */
export function liveFigures(draft: BudgetDraft) {
  const lines = linesOf(draft);
  const funding = fundingOf(draft);
  const totals = planTotals(lines);
  const statement = budgetStatement(lines, funding);
  const funded = funding.reduce((sum, f) => sum + f.weeklyPence, 0);
  const parts =
    draft.management.method === 'mixed'
      ? draft.management.parts.reduce((sum, p) => sum + (parsePoundsToPence(p.amount) ?? 0), 0)
      : null;
  return {
    totals,
    statement,
    gapPence: totals.weeklyPence - funded,
    /** For a mix: what the parts leave unmanaged (negative when they come to more than the total). */
    unmanagedPence: parts === null ? null : totals.weeklyPence - parts,
  };
}

export { formatPounds };
