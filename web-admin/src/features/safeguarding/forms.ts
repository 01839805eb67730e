import {
  resultApplies,
  routesAllowed,
  section42DutyApplies,
  type DecisionRoute,
  type OtherActionKind,
} from '@threefold/domain';
import type { Conclusion, Decision, EnquiryChanges } from './api';

/** Yes / no answers as the form holds them (a radio group's list of one, or none yet). */
type Answer = string[];

export interface DecisionForm {
  careAndSupportNeeds: Answer;
  abuseOrNeglect: Answer;
  unableToProtect: Answer;
  route: Answer;
  rationale: string;
  noEnquiryReason: string;
  otherActions: { kind: string; detail: string }[];
  leadKind: Answer;
  leadOrganisationName: string;
}

export const blankDecision = (): DecisionForm => ({
  careAndSupportNeeds: [],
  abuseOrNeglect: [],
  unableToProtect: [],
  route: [],
  rationale: '',
  noEnquiryReason: '',
  otherActions: [],
  leadKind: ['practice'],
  leadOrganisationName: '',
});

const yes = (a: Answer) => a[0] === 'yes';
const answered = (a: Answer) => a.length === 1;

export function criteriaOf(form: DecisionForm) {
  return {
    hasCareAndSupportNeeds: yes(form.careAndSupportNeeds),
    experiencingOrAtRiskOfAbuseOrNeglect: yes(form.abuseOrNeglect),
    unableToProtectThemselves: yes(form.unableToProtect),
  };
}

/** Every criterion answered? Then which routes are open: s42 only, or other / none. */
export function decisionRoutes(form: DecisionForm): readonly DecisionRoute[] | null {
  if (![form.careAndSupportNeeds, form.abuseOrNeglect, form.unableToProtect].every(answered)) return null;
  return routesAllowed(criteriaOf(form));
}

/** The route this form would take, once the answers allow one. */
export function decisionRoute(form: DecisionForm): DecisionRoute | null {
  const open = decisionRoutes(form);
  if (!open) return null;
  if (section42DutyApplies(criteriaOf(form))) return 's42_enquiry';
  const chosen = form.route[0] as DecisionRoute | undefined;
  return chosen && open.includes(chosen) ? chosen : null;
}

/** Field → message for what is missing, before anything is sent. */
export function decisionErrors(form: DecisionForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!answered(form.careAndSupportNeeds)) errors.careAndSupportNeeds = 'Answer yes or no.';
  if (!answered(form.abuseOrNeglect)) errors.abuseOrNeglect = 'Answer yes or no.';
  if (!answered(form.unableToProtect)) errors.unableToProtect = 'Answer yes or no.';
  const open = decisionRoutes(form);
  const route = decisionRoute(form);
  if (open && !route) errors.route = 'Choose an other enquiry or no enquiry.';
  if (route === 'no_enquiry' && !form.noEnquiryReason.trim()) errors.noEnquiryReason = 'Say why there is no enquiry.';
  if (route && route !== 'no_enquiry' && form.leadKind[0] === 'other_organisation' && !form.leadOrganisationName.trim())
    errors.leadOrganisationName = 'Name the organisation that will make the enquiry.';
  if (!form.rationale.trim()) errors.rationale = 'Say why, in plain words.';
  return errors;
}

export function decisionBody(form: DecisionForm): Decision {
  const route = decisionRoute(form)!;
  const body: Decision = { criteria: criteriaOf(form), rationale: form.rationale.trim() };
  if (route !== 's42_enquiry') body.route = route;
  if (route === 'no_enquiry') {
    body.noEnquiryReason = form.noEnquiryReason.trim();
    const actions = form.otherActions.filter((a) => a.kind && a.detail.trim());
    if (actions.length)
      body.otherActions = actions.map((a) => ({ kind: a.kind as OtherActionKind, detail: a.detail.trim() }));
  } else if (form.leadKind[0] === 'other_organisation') {
    body.leadKind = 'other_organisation';
    body.leadOrganisationName = form.leadOrganisationName.trim();
  }
  return body;
}

export interface ConclusionForm {
  riskTypes: string[];
  location: string;
  source: string;
  riskAssessment: string;
  result: Answer;
  outcomesAchieved: Answer;
  note: string;
}

export const blankConclusion = (): ConclusionForm => ({
  riskTypes: [],
  location: '',
  source: '',
  riskAssessment: '',
  result: [],
  outcomesAchieved: [],
  note: '',
});

/** The result is asked only when action was taken on an identified or possible risk. */
export const asksResult = (form: ConclusionForm) => resultApplies(form.riskAssessment);

export function conclusionErrors(form: ConclusionForm, outcomesExpressed: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.riskTypes.length) errors.riskTypes = 'Choose at least one type of risk.';
  if (!form.location) errors.location = 'Choose where the risk was.';
  if (!form.source) errors.source = 'Choose where the risk came from.';
  if (!form.riskAssessment) errors.riskAssessment = 'Say whether a risk was identified and action taken.';
  if (asksResult(form) && !form.result.length) errors.result = 'Say whether the risk was removed, reduced or remains.';
  if (outcomesExpressed && !form.outcomesAchieved.length)
    errors.outcomesAchieved = 'Say whether what they wanted was achieved.';
  return errors;
}

export function conclusionBody(form: ConclusionForm, outcomesExpressed: boolean): Conclusion {
  return {
    riskTypes: form.riskTypes,
    location: form.location,
    source: form.source,
    riskAssessment: form.riskAssessment,
    result: asksResult(form) ? (form.result[0] ?? null) : null,
    outcomesAchieved: outcomesExpressed ? (form.outcomesAchieved[0] ?? null) : null,
    ...(form.note.trim() ? { note: form.note.trim() } : {}),
  };
}

export interface WantsForm {
  status: Answer;
  outcomes: string[];
  notAskedReason: string;
  capacity: Answer;
  capacityNote: string;
  difficulty: string[];
  appropriatePersonAvailable: Answer;
  advocateRecorded: Answer;
  advocateName: string;
  appropriatePersonName: string;
  safetyPlan: string;
}

/** What the person wants, capacity, advocacy and the safety plan, as the API takes them. */
export function wantsBody(form: WantsForm): EnquiryChanges {
  const status = form.status[0] as EnquiryChanges['desiredOutcomesStatus'];
  const body: EnquiryChanges = {
    mentalCapacityNote: form.capacityNote.trim(),
    advocateName: form.advocateName.trim(),
    appropriatePersonName: form.appropriatePersonName.trim(),
    safetyPlan: form.safetyPlan,
    advocacy: {
      substantialDifficulty: {
        understanding: form.difficulty.includes('understanding'),
        retaining: form.difficulty.includes('retaining'),
        weighing: form.difficulty.includes('weighing'),
        communicating: form.difficulty.includes('communicating'),
      },
      appropriatePersonAvailable: yes(form.appropriatePersonAvailable),
      advocateRecorded: yes(form.advocateRecorded),
    },
  };
  if (form.capacity[0]) body.mentalCapacity = form.capacity[0] as EnquiryChanges['mentalCapacity'];
  if (status) {
    body.desiredOutcomesStatus = status;
    body.desiredOutcomes = status === 'asked_expressed' ? form.outcomes.map((o) => o.trim()).filter(Boolean) : [];
    body.desiredOutcomesNotAskedReason = status === 'not_asked' ? form.notAskedReason.trim() : null;
  }
  return body;
}

/** Does the s68 test call for an independent advocate? */
export function needsAdvocate(form: WantsForm): boolean {
  return form.difficulty.length > 0 && form.appropriatePersonAvailable[0] === 'no';
}
