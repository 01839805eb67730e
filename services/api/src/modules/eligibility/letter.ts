/**
 * The written record of an eligibility determination (Care Act 2014 s13(2)), for the person. One
 * model of the letter is built from the stored determination and then printed twice: as HTML
 * (read in the browser, printed from it) and as a PDF. The words are the person's: no codes, no
 * identifiers, nothing only the practice would understand.
 */
import {
  adultOutcomes,
  carerOutcomes,
  formatPounds,
  outcomeLabel,
  unableWayLabel,
  wellbeingAreaLabel,
  wellbeingAreas,
  type AdultUnableWay,
  type EligibilityInput,
  type IndicativeBudget,
  type PeriodConsidered,
  ordinaryResidenceLine,
  type OrdinaryResidence,
} from '@threefold/domain';
import {
  longDate,
  sentence,
  type RecordSection,
  type RecordSender,
  type WrittenRecord,
} from '../../platform/written-record.js';

export interface LetterFacts {
  personName: string;
  addressLines: string[];
  caredForName: string | null;
  decidedByName: string;
  decidedAt: Date;
  eligible: boolean;
  summary: string;
  findings: { criterion: string; met: boolean; reason: string }[];
  inputs: EligibilityInput;
  periodConsidered: PeriodConsidered | null;
  indicativeBudget: IndicativeBudget | null;
  /** The practice's name, address and contact (reference data); a bare name when not given. */
  sender?: RecordSender;
  /** How the letter greets them (see `nameToAddress`); `personName` when not given. */
  greetingName?: string;
  /** Services in the community directory near them: the advice a not-eligible letter gives (s13(5)). */
  localServices?: { name: string; text: string }[];
  /** Who pays (Care Act s13(3)(c)): shown as one section when recorded. */
  ordinaryResidence?: OrdinaryResidence | null;
}

export type LetterSection = RecordSection;
export type LetterModel = WrittenRecord;

const PRACTICE: RecordSender = { name: 'Your Social Work Practice', lines: [] };

const criterionHeadings: Record<string, string> = {
  'needs-arise': 'Why you have needs',
  outcomes: 'What you are unable to do',
  wellbeing: 'The effect on your wellbeing',
};

export function buildLetter(facts: LetterFacts): LetterModel {
  const { inputs } = facts;
  const carer = inputs.kind === 'carer';
  const sections: LetterSection[] = [];

  sections.push({
    heading: 'Our decision',
    paragraphs: [
      facts.summary,
      carer
        ? `We looked at the support you need as a carer${facts.caredForName ? ` for ${facts.caredForName}` : ''}, using the national eligibility criteria for carers.`
        : 'We looked at your needs for care and support using the national eligibility criteria.',
      'This letter is the written record of that decision. The law says you should have one.',
    ],
  });

  sections.push({
    heading: 'How we decided',
    paragraphs: ['The national criteria have three conditions. All three must be met. This is what we found.'],
    items: facts.findings.map((f) => ({
      lead: `${criterionHeadings[f.criterion] ?? 'Condition'}: ${f.met ? 'met' : 'not met'}.`,
      text: f.reason,
    })),
  });

  const order: readonly string[] = carer ? carerOutcomes : adultOutcomes;
  const byOutcome = new Map<string, readonly string[]>(inputs.outcomes.map((o) => [o.outcome, o.unableWays]));
  const outcomeItems = order.map((outcome) => {
    const ways = byOutcome.get(outcome) ?? [];
    const lead = `${sentence(outcomeLabel(inputs.kind, outcome))}.`;
    return ways.length === 0
      ? { lead, text: 'You are able to do this.' }
      : {
          lead,
          text: `You are unable to do this, because ${ways.map((w) => unableWayLabel(w as AdultUnableWay)).join('; and ')}.`,
        };
  });
  if (inputs.kind === 'carer') {
    outcomeItems.unshift({
      lead: 'Your health.',
      text: inputs.healthDeteriorating
        ? 'Your physical or mental health is deteriorating, or is at risk of deteriorating, because of caring.'
        : 'We did not find that your health is deteriorating, or at risk of deteriorating, because of caring.',
    });
  }
  sections.push({
    heading: carer ? 'Your health and the things carers need to be able to do' : 'The things you need to be able to do',
    paragraphs: [
      carer
        ? 'These are the eight things the criteria for carers list, and what we found for each.'
        : 'These are the ten things the criteria list, and what we found for each.',
    ],
    items: outcomeItems,
  });

  const areas = wellbeingAreas.filter((a) => inputs.wellbeing.areas.includes(a));
  sections.push({
    heading: 'Your wellbeing',
    paragraphs: [
      inputs.wellbeing.significant && areas.length > 0
        ? 'We found that your needs have, or are likely to have, a significant effect on these parts of your wellbeing:'
        : 'We did not find a significant effect on your wellbeing.',
    ],
    ...(inputs.wellbeing.significant && areas.length > 0
      ? { items: areas.map((a) => ({ text: `${sentence(wellbeingAreaLabel(a))}.` })) }
      : {}),
  });

  if (facts.periodConsidered) {
    const p = facts.periodConsidered;
    sections.push({
      heading: 'Needs that change from day to day',
      paragraphs: [
        `Your needs change over time, so we did not judge them on a good day. We looked at how things were from ${longDate(p.from)} to ${longDate(p.to)}.`,
        p.description.trim(),
      ],
    });
  }

  if (facts.eligible && facts.indicativeBudget) {
    const b = facts.indicativeBudget;
    sections.push({
      heading: 'Your indicative budget',
      paragraphs: [
        `To help you start planning, our resource allocation table gives an indicative budget of ${formatPounds(b.weeklyPence)} a week.`,
        'This is a starting point, not a fixed amount. Your personal budget will be what it costs to meet your needs in the way that suits you, and we will agree it with you in your support plan.',
        'How we worked it out:',
      ],
      items: [
        ...b.lines.map((l) => ({
          lead: `${sentence(l.label)}:`,
          text: `${l.points} point${l.points === 1 ? '' : 's'}.`,
        })),
        { lead: 'Total:', text: b.explanation },
      ],
    });
  }

  if (facts.ordinaryResidence) {
    sections.push({
      heading: 'Which council is responsible',
      paragraphs: [ordinaryResidenceLine(facts.ordinaryResidence)],
    });
  }

  if (facts.eligible) {
    sections.push({
      heading: 'What happens next',
      paragraphs: [
        'We will plan your support with you and the people you want involved, starting from what matters to you and what you can already do.',
      ],
    });
  } else {
    // Care Act 2014 s13(5): with a not-eligible decision, advice and information about what can be
    // done to meet or reduce the needs, and to prevent or delay needs developing in future.
    sections.push({
      heading: 'Advice and information to help now',
      paragraphs: [
        'Your needs do not meet the national criteria, but there are things that can help you stay well and independent, and stop your needs getting worse.',
      ],
      items: [
        {
          lead: 'Stay connected.',
          text: 'Keeping in touch with family, friends and local groups helps wellbeing. The services listed below are near you.',
        },
        {
          lead: 'Stay active and safe at home.',
          text: 'Small changes such as grab rails, better lighting or a personal alarm can prevent falls. Ask us about equipment and adaptations.',
        },
        {
          lead: 'Look after your health.',
          text: 'Talk to your GP or pharmacist if your health changes. If you care for someone, you can ask us for a carer’s assessment.',
        },
        {
          lead: 'Money.',
          text: 'A benefits check can make sure you get everything you are entitled to. We can tell you who offers one near you.',
        },
      ],
    });
    if (facts.localServices && facts.localServices.length > 0) {
      sections.push({
        heading: 'Services near you',
        paragraphs: ['These are from our directory of local services. You can contact them yourself; most are free.'],
        items: facts.localServices.map((s) => ({ lead: `${s.name}.`, text: s.text })),
      });
    }
    sections.push({
      heading: 'What happens next',
      paragraphs: [
        'If things change, please get in touch and we will look again. You can ask us for an assessment at any time.',
      ],
    });
  }

  sections.push({
    heading: 'If you disagree',
    paragraphs: [
      'If you think we have got something wrong, please tell us. Talk to the social worker who signed this letter, or ask us how to make a complaint.',
      'You can ask for this letter in large print, another format or another language.',
    ],
  });

  return {
    title: carer ? 'Your eligibility decision as a carer' : 'Your eligibility decision',
    sender: facts.sender ?? PRACTICE,
    date: longDate(facts.decidedAt),
    to: [facts.personName, ...facts.addressLines],
    greeting: `Dear ${facts.greetingName ?? facts.personName},`,
    sections,
    closing: ['Yours sincerely,', facts.decidedByName, 'Social worker'],
  };
}

/** The letter is printed by the shared renderer of every written record. */
export { recordHtml as letterHtml, recordPdf as letterPdf } from '../../platform/written-record.js';
