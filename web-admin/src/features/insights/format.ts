import { countOf, formatShortDate } from '@/format';

/** Shares and money as the dashboard shows them. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return `${Math.round(share * 1000) / 10}%`;
}

export function pounds(pence: number): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 }).format(
    pence / 100,
  );
}

export function days(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return countOf(value, 'day');
}

/** A date N days before `today` (both YYYY-MM-DD, counted in whole calendar days). */
export function daysBefore(today: string, n: number): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/** "3 Jun" for a chart axis. */
export const shortDate = formatShortDate;

export const outcomeNames: Record<string, string> = {
  information_and_advice: 'Information and advice',
  connected_to_community: 'Connected to community',
  no_further_action: 'No further action',
  progressed_to_conversation_1: 'Conversation 1',
  progressed_to_conversation_2: 'Conversation 2',
  progressed_to_conversation_3: 'Conversation 3',
  safeguarding_concern_raised: 'Safeguarding concern',
};

export const stageNames: Record<string, string> = {
  contact: 'Contact at the front door',
  conversation_1: 'Conversation 1 — connect',
  conversation_2: 'Conversation 2 — when at risk',
  conversation_3: 'Conversation 3 — a good life',
  long_term_support: 'Long-term support',
};

export const qualityFieldNames: Record<string, string> = {
  nhsNumber: 'NHS number',
  ethnicity: 'Ethnicity',
  gender: 'Gender',
  dateOfBirth: 'Date of birth',
  postcode: 'Postcode',
  primarySupportReason: 'Primary support reason',
  hasUnpaidCarer: 'Has an unpaid carer',
};
