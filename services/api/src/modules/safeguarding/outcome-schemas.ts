import {
  desiredOutcomesStatuses,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
} from '@threefold/domain';
import { type Static } from 'typebox';
import { StringEnum, Strict } from '../../schemas/common.js';
import { Id, Instant, Nullable } from './fields.js';

// The outcome of a concluded section 42 enquiry, as the council sees it.
export const EnquiryOutcome = Strict(
  {
    enquiryId: Id,
    concernId: Id,
    personId: Nullable(Id),
    kind: StringEnum(['s42'] as const),
    status: StringEnum(['concluded', 'ended_at_persons_request'] as const),
    concludedAt: Instant,
    riskAssessment: Nullable(
      StringEnum(riskAssessmentOutcomes, { description: 'Null when the enquiry ended at the person’s request.' }),
    ),
    result: Nullable(StringEnum(riskResults)),
    desiredOutcomesStatus: Nullable(StringEnum(desiredOutcomesStatuses)),
    outcomesAchieved: Nullable(StringEnum(outcomesAchievedValues)),
  },
  {
    $id: 'SafeguardingEnquiryOutcome',
    title: 'SafeguardingEnquiryOutcome',
    description:
      'The outcome of a concluded section 42 enquiry, for the council: whether a risk was found and acted on, what became of it, and whether the person’s wishes were asked and achieved. No narrative, no types, places or sources of risk.',
  },
);
export type EnquiryOutcomeBody = Static<typeof EnquiryOutcome>;
