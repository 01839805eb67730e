/**
 * Safeguarding adults (Care Act 2014 s42, Making Safeguarding Personal): the section 42 decision
 * from its three criteria, the decision and enquiry clocks in working days, and the national
 * lists a concluded enquiry is recorded against (the Safeguarding Adults Collection).
 */
import { addDays, addWorkingDays, dateInEngland, workingDaysBetween, type IsoDate } from './calendar.js';
import { advocateRequired, type AdvocacyNeed, type RuleProblem } from './conversations.js';

/** The eleven types of risk of the Safeguarding Adults Collection; an enquiry may find several. */
export const safeguardingRiskTypes = [
  'physical',
  'sexual',
  'psychological',
  'financial_or_material',
  'discriminatory',
  'organisational',
  'neglect_and_acts_of_omission',
  'domestic_abuse',
  'sexual_exploitation',
  'modern_slavery',
  'self_neglect',
] as const;
export type SafeguardingRiskType = (typeof safeguardingRiskTypes)[number];

/** Where the risk was. */
export const safeguardingLocations = [
  'own_home',
  'community',
  'community_service',
  'care_home_nursing',
  'care_home_residential',
  'hospital_acute',
  'hospital_mental_health',
  'hospital_community',
  'other',
] as const;
export type SafeguardingLocation = (typeof safeguardingLocations)[number];

/** Who the risk came from. */
export const safeguardingSources = [
  'service_provider',
  'other_known_to_individual',
  'other_unknown_to_individual',
] as const;
export type SafeguardingSource = (typeof safeguardingSources)[number];

/** Whether a risk was identified, and whether action was taken. */
export const riskAssessmentOutcomes = [
  'risk_identified_action_taken',
  'risk_identified_no_action_taken',
  'risk_assessment_inconclusive_action_taken',
  'risk_assessment_inconclusive_no_action_taken',
  'no_risk_identified_action_taken',
  'no_risk_identified_no_action_taken',
] as const;
export type RiskAssessmentOutcome = (typeof riskAssessmentOutcomes)[number];

/** What became of the risk, asked only when action was taken on an identified or possible risk. */
export const riskResults = ['removed', 'reduced', 'remains'] as const;
export type RiskResult = (typeof riskResults)[number];

/** Were the outcomes the person wanted achieved? Asked only when they expressed some. */
export const outcomesAchievedValues = ['fully', 'partially', 'not'] as const;
export type OutcomesAchieved = (typeof outcomesAchievedValues)[number];

/**
 * Making Safeguarding Personal: were the person's desired outcomes asked, and were they expressed?
 * `not_known` is the collection's "Don't Know" (e.g. another organisation led and did not say);
 * an enquiry with nothing recorded is the collection's "Not Recorded".
 */
export const desiredOutcomesStatuses = ['asked_expressed', 'asked_none_expressed', 'not_asked', 'not_known'] as const;
export type DesiredOutcomesStatus = (typeof desiredOutcomesStatuses)[number];

/** The person's immediate safety when the concern was raised. */
export const immediateSafetyValues = ['safe_now', 'made_safe', 'at_immediate_risk', 'not_known'] as const;
export type ImmediateSafety = (typeof immediateSafetyValues)[number];

/**
 * Did the person lack capacity to make decisions about the risk (SAC SG3a)? `not_known` is the
 * collection's "Don't know"; `not_assessed` (the default: nothing recorded) is its "Not recorded".
 */
export const mentalCapacityValues = ['has_capacity', 'lacks_capacity', 'not_assessed', 'not_known'] as const;
export type MentalCapacity = (typeof mentalCapacityValues)[number];

/** What the practice does instead of an enquiry: information, a conversation, a connection. */
export const otherActionKinds = ['information_and_advice', 'conversation', 'connection', 'other'] as const;
export type OtherActionKind = (typeof otherActionKinds)[number];

// ——— The section 42 decision ———

/** The three s42(1) criteria, each answered on its own. */
export interface Section42Criteria {
  /** (a) has needs for care and support (whether or not the authority is meeting any of them) */
  hasCareAndSupportNeeds: boolean;
  /** (b) is experiencing, or is at risk of, abuse or neglect */
  experiencingOrAtRiskOfAbuseOrNeglect: boolean;
  /** (c) as a result of those needs is unable to protect themselves against it */
  unableToProtectThemselves: boolean;
}

export const decisionRoutes = ['s42_enquiry', 'other_enquiry', 'no_enquiry'] as const;
export type DecisionRoute = (typeof decisionRoutes)[number];

export function section42DutyApplies(c: Section42Criteria): boolean {
  return c.hasCareAndSupportNeeds && c.experiencingOrAtRiskOfAbuseOrNeglect && c.unableToProtectThemselves;
}

/** The routes open for these answers: all three → only a section 42 enquiry; otherwise other or none. */
export function routesAllowed(c: Section42Criteria): readonly DecisionRoute[] {
  return section42DutyApplies(c) ? ['s42_enquiry'] : ['other_enquiry', 'no_enquiry'];
}

export interface DecisionInput {
  criteria: Section42Criteria;
  /** When the duty does not apply: is an "other" (proportionate, non-statutory) enquiry wanted? */
  route?: DecisionRoute | undefined;
  /** Why there is no enquiry (required for `no_enquiry`). */
  noEnquiryReason?: string | undefined;
  /** What is done instead (information, a conversation, a connection); optional. */
  otherActions?: readonly { kind: OtherActionKind; detail: string }[] | undefined;
}

export type DecisionProblemCode =
  | 's42_duty_applies'
  | 's42_criteria_not_met'
  | 'route_required'
  | 'no_enquiry_reason_required'
  | 'other_actions_only_without_enquiry';

/**
 * The route a decision takes, and every problem with it. With all three criteria met the
 * duty applies and the route is a section 42 enquiry whatever was asked; without them the caller
 * chooses an "other" enquiry or none, and no enquiry needs its reason.
 */
export function decideRoute(input: DecisionInput): {
  route: DecisionRoute | null;
  problems: RuleProblem<DecisionProblemCode>[];
} {
  const problems: RuleProblem<DecisionProblemCode>[] = [];
  const duty = section42DutyApplies(input.criteria);
  let route: DecisionRoute | null;
  if (duty) {
    route = 's42_enquiry';
    if (input.route && input.route !== 's42_enquiry') {
      problems.push({
        code: 's42_duty_applies',
        detail: 'All three section 42 criteria are met: the duty to make (or cause) an enquiry applies.',
      });
    }
  } else if (input.route === 's42_enquiry') {
    route = null;
    problems.push({
      code: 's42_criteria_not_met',
      detail: 'A section 42 enquiry needs all three criteria met; choose an other enquiry or no enquiry.',
    });
  } else if (!input.route) {
    route = null;
    problems.push({
      code: 'route_required',
      detail: 'The section 42 duty does not apply: choose an other (proportionate) enquiry or no enquiry.',
    });
  } else {
    route = input.route;
  }
  if (route === 'no_enquiry' && !input.noEnquiryReason?.trim()) {
    problems.push({ code: 'no_enquiry_reason_required', detail: 'Say why there is no enquiry.' });
  }
  if (route !== 'no_enquiry' && route !== null && (input.otherActions?.length ?? 0) > 0) {
    problems.push({
      code: 'other_actions_only_without_enquiry',
      detail: 'Other actions are recorded when there is no enquiry; an enquiry records its own safety plan.',
    });
  }
  return { route: problems.length ? null : route, problems };
}

// ——— Clocks ———

export const DEFAULT_DECISION_WORKING_DAYS = 2;
export const DEFAULT_ENQUIRY_WORKING_DAYS = 20;

export interface Clock {
  /** The last day on which the work is on time. */
  dueOn: IsoDate;
  /** Working days left on `today` (0 on the due day, negative once overdue). */
  workingDaysLeft: number;
  overdue: boolean;
}

/** The last start day whose deadline has already passed on `today`: every day on or before it is overdue. */
export function lastOverdueStart(today: IsoDate, workingDays: number): IsoDate {
  let start = addDays(today, -1);
  while (addWorkingDays(start, workingDays) >= today) start = addDays(start, -1);
  return start;
}

/**
 * A deadline `workingDays` working days after the day something started (in England, bank
 * holidays not counted), as seen on `now`. A concern raised on the Thursday before Christmas
 * with two working days is due on the 29th or later, not on the Saturday.
 */
export function workingDayClock(startedAt: Date, workingDays: number, now: Date): Clock {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`working days must be a whole number of at least 0, got ${workingDays}`);
  }
  const dueOn = addWorkingDays(dateInEngland(startedAt), workingDays);
  const today = dateInEngland(now);
  return { dueOn, workingDaysLeft: workingDaysBetween(today, dueOn), overdue: today > dueOn };
}

// ——— Making Safeguarding Personal ———

export interface DesiredOutcomes {
  status: DesiredOutcomesStatus;
  /** In the person's own words; at least one when expressed, none otherwise. */
  outcomes: readonly string[];
  /** Why they were not asked (required for `not_asked`). */
  notAskedReason?: string | null | undefined;
}

export type DesiredOutcomesProblemCode = 'outcomes_required' | 'outcomes_not_expressed' | 'not_asked_reason_required';

/** Field name → message, for a 400 with each field at fault. */
export function desiredOutcomesProblems(d: DesiredOutcomes): Partial<Record<'outcomes' | 'notAskedReason', string>> {
  const out: Partial<Record<'outcomes' | 'notAskedReason', string>> = {};
  const said = d.outcomes.filter((o) => o.trim().length > 0);
  if (d.status === 'asked_expressed' && said.length === 0)
    out.outcomes = 'record at least one outcome, in the person’s words, when they expressed some';
  if (d.status !== 'asked_expressed' && d.outcomes.length > 0)
    out.outcomes = 'outcomes are recorded only when the person expressed some';
  if (d.status === 'not_asked' && !d.notAskedReason?.trim())
    out.notAskedReason = 'say why the person was not asked what they want';
  if (d.status !== 'not_asked' && d.notAskedReason?.trim())
    out.notAskedReason = 'a reason is given only when the person was not asked';
  return out;
}

// ——— Conclusion ———

export interface EnquiryConclusion {
  riskTypes: readonly string[];
  /** One location of risk; or several in `locations` (one of the two). */
  location?: string | undefined;
  locations?: readonly string[] | undefined;
  /** One source of risk; or several in `sources` (one of the two): the collection counts each. */
  source?: string | undefined;
  sources?: readonly string[] | undefined;
  riskAssessment: string;
  /** Required when action was taken on an identified or inconclusive risk. */
  result?: string | null | undefined;
  /** Required when the person expressed desired outcomes; absent otherwise. */
  outcomesAchieved?: string | null | undefined;
}

export interface EnquiryForConclusion {
  desiredOutcomesStatus: DesiredOutcomesStatus | null;
  advocacy: AdvocacyNeed | null;
}

export type ConclusionProblemCode =
  | 'desired_outcomes_not_recorded'
  | 'advocate_required'
  | 'risk_result_required'
  | 'risk_result_not_applicable'
  | 'outcomes_achieved_required'
  | 'outcomes_achieved_not_applicable';

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** Is a result (removed / reduced / remains) asked for this risk assessment? */
export function resultApplies(riskAssessment: string): boolean {
  return (
    riskAssessment === 'risk_identified_action_taken' || riskAssessment === 'risk_assessment_inconclusive_action_taken'
  );
}

/**
 * One value (`field`) or several (`fields`), exactly one of the two, each on `list` and none twice.
 */
function several(
  out: Record<string, string>,
  field: string,
  one: string | undefined,
  many: readonly string[] | undefined,
  list: readonly string[],
  what: string,
): void {
  const plural = `${field}s`;
  if (one !== undefined && many !== undefined) {
    out[plural] = `give ${field} or ${plural}, not both`;
    return;
  }
  if (many === undefined) {
    if (one === undefined || !list.includes(one)) out[field] = `is not ${what} on the national list`;
    return;
  }
  if (many.length === 0) out[plural] = `name at least one`;
  const seen = new Set<string>();
  many.forEach((v, i) => {
    if (!list.includes(v)) out[`${plural}.${i}`] = `is not ${what} on the national list`;
    else if (seen.has(v)) out[`${plural}.${i}`] = 'is named twice';
    seen.add(v);
  });
}

/** The locations and sources of a (valid) conclusion, whichever way they were given. */
export function conclusionPlaces(c: EnquiryConclusion): { locations: string[]; sources: string[] } {
  return {
    locations: c.locations ? [...c.locations] : c.location !== undefined ? [c.location] : [],
    sources: c.sources ? [...c.sources] : c.source !== undefined ? [c.source] : [],
  };
}

/**
 * Every list value of a conclusion checked against the national lists: field → message, where
 * the field is named as the API names it (`riskTypes.2`, `location`...). Empty when valid.
 */
export function conclusionFieldProblems(c: EnquiryConclusion): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.riskTypes.length === 0) out['riskTypes'] = 'name at least one type of risk';
  const seen = new Set<string>();
  c.riskTypes.forEach((t, i) => {
    if (!isOneOf(safeguardingRiskTypes, t)) out[`riskTypes.${i}`] = `is not a type of risk on the national list`;
    else if (seen.has(t)) out[`riskTypes.${i}`] = 'is named twice';
    seen.add(t);
  });
  several(out, 'location', c.location, c.locations, safeguardingLocations, 'a location');
  several(out, 'source', c.source, c.sources, safeguardingSources, 'a source of risk');
  if (!isOneOf(riskAssessmentOutcomes, c.riskAssessment))
    out['riskAssessment'] = 'is not a risk assessment outcome on the national list';
  if (c.result != null && !isOneOf(riskResults, c.result)) out['result'] = 'must be removed, reduced or remains';
  if (c.outcomesAchieved != null && !isOneOf(outcomesAchievedValues, c.outcomesAchieved))
    out['outcomesAchieved'] = 'must be fully, partially or not';
  return out;
}

/**
 * The rules a conclusion must keep with its enquiry (409 when broken): the person was asked what
 * they want (or why not is recorded), an advocate is there when s68 requires one, a result is
 * given exactly when action was taken on a risk, and outcomes achieved exactly when the person
 * expressed outcomes.
 */
export function conclusionProblems(
  enquiry: EnquiryForConclusion,
  c: EnquiryConclusion,
): RuleProblem<ConclusionProblemCode>[] {
  const problems: RuleProblem<ConclusionProblemCode>[] = [];
  if (!enquiry.desiredOutcomesStatus) {
    problems.push({
      code: 'desired_outcomes_not_recorded',
      detail: 'Record what the person wants from the enquiry (or why they were not asked) before concluding.',
    });
  }
  if (enquiry.advocacy && advocateRequired(enquiry.advocacy) && !enquiry.advocacy.advocateRecorded) {
    problems.push({
      code: 'advocate_required',
      detail:
        'The person would have substantial difficulty being involved and has no appropriate person: an independent advocate is required (Care Act 2014 s68).',
    });
  }
  const wantsResult = resultApplies(c.riskAssessment);
  if (wantsResult && c.result == null)
    problems.push({
      code: 'risk_result_required',
      detail: 'Action was taken on a risk: say whether it was removed, reduced or remains.',
    });
  if (!wantsResult && c.result != null)
    problems.push({
      code: 'risk_result_not_applicable',
      detail: 'A result is recorded only when action was taken on a risk.',
    });
  const expressed = enquiry.desiredOutcomesStatus === 'asked_expressed';
  if (expressed && c.outcomesAchieved == null)
    problems.push({
      code: 'outcomes_achieved_required',
      detail: 'The person said what they wanted: record whether it was fully, partially or not achieved.',
    });
  if (!expressed && enquiry.desiredOutcomesStatus && c.outcomesAchieved != null)
    problems.push({
      code: 'outcomes_achieved_not_applicable',
      detail: 'Outcomes achieved are recorded only when the person expressed desired outcomes.',
    });
  return problems;
}
