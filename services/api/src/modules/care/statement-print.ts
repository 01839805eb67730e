import { formatPounds } from '@threefold/domain';
import { longDate, type RecordSender, type WrittenRecord } from '../../platform/written-record.js';
import type { BudgetStatementView } from './schemas.js';

/**
 * A budget statement (Care Act 2014 s26) for the person, in the same written form as the
 * eligibility letter, so it prints through the same section renderer (HTML or PDF).
 */
export function statementLetter(
  st: BudgetStatementView,
  personName: string,
  today: string,
  sender: RecordSender,
): WrittenRecord {
  return {
    title: 'Your personal budget statement',
    sender,
    date: longDate(today),
    to: [personName],
    greeting: `Dear ${personName},`,
    sections: [
      {
        heading: `From ${longDate(st.from)} to ${longDate(st.to)} (${st.days} days)`,
        paragraphs: [
          `Your support cost ${formatPounds(st.totalPence)} over these days.`,
          `Your assessed contribution was ${formatPounds(st.personPence)}; the council paid ${formatPounds(st.councilPence)}.`,
        ],
        items: st.services.map((s) => ({
          lead: `${s.what}${s.providerName ? ` (${s.providerName})` : ''}:`,
          text: `${formatPounds(s.costPence)} (${formatPounds(s.weeklyPence)} a week when it is delivered)`,
        })),
      },
      {
        heading: `On ${longDate(st.asAt.on)}`,
        paragraphs: [
          `Your services cost ${formatPounds(st.asAt.services.weeklyPence)} a week, ` +
            `${formatPounds(st.asAt.services.fourWeeklyPence)} every four weeks, ` +
            `${formatPounds(st.asAt.services.annualPence)} a year.`,
          `Your contribution is ${formatPounds(st.asAt.personContribution.weeklyPence)} a week, ` +
            `${formatPounds(st.asAt.personContribution.fourWeeklyPence)} every four weeks.`,
        ],
      },
    ],
    closing: ['If anything here looks wrong, please tell us.', 'Yours sincerely,', sender.name],
  };
}
