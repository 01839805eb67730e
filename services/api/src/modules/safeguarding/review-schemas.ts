import { Type, type Static } from 'typebox';
import { Strict, ref } from '../../schemas/common.js';
import { Day, Id, Instant, Text } from './fields.js';

// Safeguarding Adult Reviews (Care Act 2014 s44), counted for the Safeguarding Adults Collection.
const Headcount = Type.Integer({ minimum: 0, maximum: 10_000, format: 'int32' });

export const NewAdultReview = Strict(
  {
    completedOn: Type.String({
      format: 'date',
      maxLength: 10,
      description: 'The day the Safeguarding Adults Board completed the review; it counts in that financial year.',
    }),
    individualsDied: { ...Headcount, description: 'Individuals who suffered serious harm and died (SAC SG5b).' },
    individualsSurvived: {
      ...Headcount,
      description: 'Individuals who suffered serious harm and survived (SAC SG5b).',
    },
    summary: Type.Optional(Text(5000, 'What the review was about; no names.')),
  },
  {
    $id: 'NewSafeguardingAdultReview',
    title: 'NewSafeguardingAdultReview',
    description:
      'A Safeguarding Adult Review (Care Act 2014 s44) completed, for the Safeguarding Adults Collection (SG5a, SG5b).',
  },
);
export type NewAdultReviewBody = Static<typeof NewAdultReview>;

export const AdultReview = Strict(
  {
    id: Id,
    completedOn: Day,
    individualsDied: Headcount,
    individualsSurvived: Headcount,
    summary: Text(5000),
    recordedAt: Instant,
  },
  { $id: 'SafeguardingAdultReview', title: 'SafeguardingAdultReview' },
);
export type AdultReviewBody = Static<typeof AdultReview>;

export const AdultReviewQuery = Strict({
  year: Type.Integer({
    minimum: 2000,
    maximum: 2100,
    format: 'int32',
    description: 'The financial year by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027.',
  }),
});

export const AdultReviewList = Strict(
  { items: Type.Array(ref(AdultReview), { maxItems: 1000 }) },
  { $id: 'SafeguardingAdultReviewList', title: 'SafeguardingAdultReviewList' },
);
