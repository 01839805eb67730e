/**
 * The written records a person is given, each built from the stored record as one model (see
 * `platform/written-record.ts`) and printed as HTML or PDF: the record of a conversation (Care
 * Act 2014 s12(3)), the care and support plan (s25(9)) and the outcome of a review (s27).
 */
import { formatPounds, nameToAddress } from '@threefold/domain';
import {
  longDate,
  sentence,
  type RecordSection,
  type RecordSender,
  type WrittenRecord,
} from '../../platform/written-record.js';
import type { PersonalBudgetBody, ReviewBody } from '../budgets/schemas.js';
import type { ConversationBody } from '../conversations/schemas.js';

export interface Recipient {
  givenName: string;
  familyName: string;
  preferredName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
}

const addressOf = (p: Recipient) => [
  `${p.givenName} ${p.familyName}`,
  ...[p.addressLine1, p.addressLine2, p.town, p.postcode].filter(
    (l): l is string => typeof l === 'string' && l.trim() !== '',
  ),
];

const conversationNames: Record<number, string> = {
  1: 'our conversation about what matters to you',
  2: 'our conversation about keeping you safe and well',
  3: 'our conversation about a good life and your support',
};

const nonEmpty = (items: { lead?: string; text: string }[]) => items.filter((i) => i.text.trim() !== '');

function strengthsSection(strengths: ConversationBody['strengths']): RecordSection {
  const items = nonEmpty([
    ...strengths.personalResources.map((text) => ({ lead: 'You:', text })),
    ...strengths.networksOfSupport.map((text) => ({ lead: 'The people around you:', text })),
    ...strengths.communityResources.map((text) => ({ lead: 'Your community:', text })),
  ]);
  return {
    heading: 'Your strengths',
    paragraphs: [
      items.length
        ? 'What you, the people around you and your community already bring:'
        : 'We did not write down strengths this time.',
    ],
    items,
  };
}

const disagree: RecordSection = {
  heading: 'If something is wrong',
  paragraphs: [
    'This is your record. If anything in it is wrong or missing, please tell us and we will put it right.',
    'You can ask for it in large print, another format or another language.',
  ],
};

export function conversationRecord(
  conversation: ConversationBody,
  person: Recipient,
  sender: RecordSender,
  at: Date,
): WrittenRecord {
  const sections: RecordSection[] = [];
  const when = longDate(new Date(conversation.startedAt));
  sections.push({
    heading: 'About this record',
    paragraphs: [
      `This is the record of ${conversationNames[conversation.kind] ?? 'our conversation'}, which started on ${when}${
        conversation.concludedAt ? ` and finished on ${longDate(new Date(conversation.concludedAt))}` : ''
      }. The law says you should have a written record of it.`,
    ],
  });
  if (conversation.participants.length > 0) {
    sections.push({
      heading: 'Who took part',
      paragraphs: [],
      items: conversation.participants.map((p) => ({ lead: `${p.name}:`, text: p.role })),
    });
  }
  sections.push({
    heading: 'What matters to you',
    paragraphs: [conversation.whatMatters.trim() || 'We did not write this down this time.'],
  });
  sections.push(strengthsSection(conversation.strengths));
  const outcomes = conversation.outputs.desiredOutcomes ?? [];
  if (outcomes.length > 0) {
    sections.push({
      heading: 'What you want to be different',
      paragraphs: [],
      items: outcomes.map((text) => ({ text })),
    });
  }
  const pdp = conversation.outputs.personalDevelopmentPlan;
  if (pdp && (pdp.goals.length > 0 || pdp.steps.length > 0)) {
    sections.push({
      heading: 'Your goals and the steps towards them',
      paragraphs: pdp.goals.map((g) => `Goal: ${g}`),
      items: pdp.steps.map((s) => ({
        lead: `${s.who}:`,
        text: `${s.step}${s.byWhen ? ` (by ${longDate(s.byWhen)})` : ''}`,
      })),
    });
  }
  const circle = conversation.outputs.circleOfSupport;
  if (circle && circle.members.length > 0) {
    sections.push({
      heading: 'Your circle of support',
      paragraphs: circle.agreement.trim() ? [circle.agreement.trim()] : [],
      items: circle.members.map((m) => ({ lead: `${m.name}${m.role ? ` (${m.role})` : ''}:`, text: m.agreed })),
    });
  }
  const risks = conversation.outputs.riskEnablementPlan?.risks ?? [];
  if (risks.length > 0) {
    sections.push({
      heading: 'Risks you choose to take, and how they are made safer',
      paragraphs: [],
      items: risks.map((r) => ({
        lead: `${sentence(r.risk)}.`,
        text: `Why it matters: ${r.whatMatters} Made safer by: ${r.mitigations.join('; ')}. ${r.who} keeps an eye on it; we look again on ${longDate(r.reviewOn)}.`,
      })),
    });
  }
  const plan = conversation.intensivePlan;
  if (plan) {
    sections.push({
      heading: 'Your short-term plan',
      paragraphs: [
        `From ${longDate(plan.startsOn)} to ${longDate(plan.endsOn)}.`,
        `What needs to change: ${plan.whatMustChange}`,
      ],
      items: plan.actions.map((a) => ({
        lead: `${a.who}:`,
        text: `${a.action}${a.by ? ` (by ${longDate(a.by)})` : ''}`,
      })),
    });
  }
  sections.push(disagree);
  return {
    title: 'Record of our conversation',
    sender,
    date: longDate(at),
    to: addressOf(person),
    greeting: `Dear ${nameToAddress(person)},`,
    sections,
    closing: ['Yours sincerely,', sender.name],
  };
}

const providerWords: Record<string, string> = {
  organisation: 'an organisation',
  personal_assistant: 'a personal assistant',
  family: 'family',
  community: 'the community',
};
const frequencyWords: Record<string, string> = {
  weekly: 'a week',
  fortnightly: 'a fortnight',
  four_weekly: 'every four weeks',
};
const managementWords: Record<string, string> = {
  direct_payment: 'as a direct payment: the money is paid to you (or someone for you) to arrange your support',
  council_managed: 'by the council, which arranges your support for you',
  individual_service_fund:
    'as an individual service fund: a provider you choose holds the money and arranges support with you',
  mixed: 'in more than one way',
};
const fundingWords: Record<string, string> = {
  council: 'The council',
  nhs: 'The NHS',
  person_contribution: 'Your contribution',
  other_public: 'Other public money',
};

export function carePlan(
  budget: PersonalBudgetBody,
  conversation: ConversationBody | null,
  person: Recipient,
  sender: RecordSender,
  at: Date,
): WrittenRecord {
  const sections: RecordSection[] = [];
  sections.push({
    heading: 'About your plan',
    paragraphs: [
      budget.status === 'signed_off'
        ? `This is your care and support plan, agreed${budget.signedOffAt ? ` on ${longDate(new Date(budget.signedOffAt))}` : ''}. The law says you should have a copy.`
        : 'This is a draft of your care and support plan. It is not yet agreed: tell us what you would change.',
    ],
  });
  sections.push({
    heading: 'What matters to you',
    paragraphs: [
      conversation?.whatMatters.trim() || '',
      budget.goodLife.trim() ? `A good life for you: ${budget.goodLife.trim()}` : '',
    ].filter(Boolean),
  });
  if (conversation) sections.push(strengthsSection(conversation.strengths));
  const outcomes = conversation?.outputs.desiredOutcomes ?? [];
  sections.push({
    heading: 'The outcomes you want',
    paragraphs: outcomes.length ? [] : ['We have not written these down yet.'],
    items: outcomes.map((text) => ({ text })),
  });
  sections.push({
    heading: 'How your needs will be met',
    paragraphs: budget.planLines.length ? [] : ['Nothing is planned yet.'],
    items: budget.planLines.map((l) => ({
      lead: `${sentence(l.what)}.`,
      text: `${l.providerName || providerWords[l.provider] || l.provider}, ${l.unitsPerWeek} ${l.unit.trim() || 'time'}${l.unitsPerWeek === 1 ? '' : 's'} ${frequencyWords[l.frequency] ?? ''}${
        l.paid ? `: ${formatPounds(l.weeklyPence)} a week.` : ': no cost to your budget.'
      }`,
    })),
  });
  const weekly = budget.agreedWeeklyPence ?? budget.totals.weeklyPence;
  sections.push({
    heading: 'Your personal budget',
    paragraphs: [
      `Your personal budget is ${formatPounds(weekly)} a week (${formatPounds(budget.totals.fourWeeklyPence)} every four weeks, ${formatPounds(budget.totals.annualPence)} a year). It is what it costs to meet your eligible needs in the way set out above.`,
      budget.management
        ? `It is managed ${managementWords[budget.management.method] ?? budget.management.method}.`
        : '',
    ].filter(Boolean),
    items: budget.fundingSources.map((f) => ({
      lead: `${fundingWords[f.kind] ?? f.kind}:`,
      text: `${formatPounds(f.weeklyPence)} a week${f.description ? ` (${f.description})` : ''}.`,
    })),
  });
  if (budget.nextReview) {
    sections.push({
      heading: 'When we will look at it again',
      paragraphs: [
        `We will review your plan with you between ${longDate(budget.nextReview.dueFrom)} and ${longDate(budget.nextReview.dueBy)}, or sooner if you ask or things change.`,
      ],
    });
  }
  sections.push(disagree);
  return {
    title: 'Your care and support plan',
    sender,
    date: longDate(at),
    to: addressOf(person),
    greeting: `Dear ${nameToAddress(person)},`,
    sections,
    closing: ['Yours sincerely,', sender.name],
  };
}

const outcomeWords: Record<string, string> = {
  fully_met: 'Your plan is meeting your needs and the outcomes you want.',
  partially_met: 'Your plan is meeting some of your needs, but not all of them.',
  not_met: 'Your plan is not meeting your needs.',
};

export function reviewRecord(review: ReviewBody, person: Recipient, sender: RecordSender, at: Date): WrittenRecord {
  const sections: RecordSection[] = [
    {
      heading: 'About this review',
      paragraphs: [
        `We reviewed your care and support plan with you${review.completedOn ? ` on ${longDate(review.completedOn)}` : ''}. ${
          review.kind === 'unplanned'
            ? 'This review was not planned: it was asked for because things changed.'
            : 'This was a planned review.'
        }`,
      ],
    },
    {
      heading: 'What we found',
      paragraphs: [outcomeWords[review.outcome ?? ''] ?? '', review.notes.trim()].filter(Boolean),
    },
  ];
  if (review.weeklyBeforePence !== null && review.weeklyAfterPence !== null) {
    sections.push({
      heading: 'Your personal budget',
      paragraphs: [
        review.weeklyAfterPence === review.weeklyBeforePence
          ? `Your personal budget stays at ${formatPounds(review.weeklyAfterPence)} a week.`
          : `Your personal budget changes from ${formatPounds(review.weeklyBeforePence)} to ${formatPounds(review.weeklyAfterPence)} a week.`,
      ],
    });
  }
  sections.push(disagree);
  return {
    title: 'The outcome of your review',
    sender,
    date: longDate(at),
    to: addressOf(person),
    greeting: `Dear ${nameToAddress(person)},`,
    sections,
    closing: ['Yours sincerely,', sender.name],
  };
}
