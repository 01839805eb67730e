import {
  contactChannels,
  contactMadeBy,
  contactOutcomes,
  isResolvedAtFirstContact,
  routesOfAccess,
  type ContactOutcome,
} from '@threefold/domain';
import type { Choice } from '@/components/ChoiceGroup.vue';

type Channel = (typeof contactChannels)[number];
type MadeBy = (typeof contactMadeBy)[number];
type RouteOfAccess = (typeof routesOfAccess)[number];

export const channelLabels: Readonly<Record<Channel, string>> = {
  phone: 'Phone',
  email: 'Email',
  web: 'Web form',
  in_person: 'In person',
  partner: 'Through a partner organisation',
  council_system: 'From the council’s system',
};

export const madeByLabels: Readonly<Record<MadeBy, string>> = {
  self: 'The person themselves',
  family_or_friend: 'Family or a friend',
  gp: 'Their GP',
  hospital: 'A hospital',
  police: 'The police',
  housing: 'Housing',
  provider: 'A care or support provider',
  council: 'The council',
  other: 'Someone else',
};

/** The national route-of-access list, in plain words. */
export const routeLabels: Readonly<Record<RouteOfAccess, string>> = {
  planned_entry_transition: 'Planned entry, such as moving on from children’s services',
  discharge_from_hospital: 'Coming home from hospital',
  diversion_from_hospital: 'Kept out of hospital (diversion)',
  community_other: 'From the community, or another route',
  prison: 'Leaving prison, or in prison',
  self_funder: 'Paying for their own care until now (self-funder)',
  discharge_from_reablement: 'At the end of reablement',
  transfer_from_other_council: 'Moving here from another council',
};

export const outcomeLabels: Readonly<Record<ContactOutcome, { label: string; description: string }>> = {
  information_and_advice: {
    label: 'Information and advice',
    description: 'They have what they needed for now: information, advice or where to go.',
  },
  connected_to_community: {
    label: 'Connected to community',
    description: 'Put in touch with people or a group nearby; no further conversation needed.',
  },
  progressed_to_conversation_1: {
    label: 'Conversation 1 — connect',
    description: 'A conversation about their strengths, and what would help them get on with their life.',
  },
  progressed_to_conversation_2: {
    label: 'Conversation 2 — when at risk',
    description: 'They are at risk now: stay close and pull together an emergency plan with them.',
  },
  progressed_to_conversation_3: {
    label: 'Conversation 3 — a good life and a fair budget',
    description: 'Planning a good life, and a fair personal budget.',
  },
  safeguarding_concern_raised: {
    label: 'Safeguarding concern raised',
    description: 'They may be experiencing, or at risk of, abuse or neglect. The safeguarding lead is told at once.',
  },
  no_further_action: {
    label: 'No further action',
    description: 'Nothing more for the practice to do. Say why.',
  },
};

const lookup = <T extends string>(labels: Readonly<Record<T, string>>, value: string | null | undefined) =>
  value ? ((labels as Record<string, string | undefined>)[value] ?? value.replaceAll('_', ' ')) : '';

export const channelName = (value: string | null | undefined) => lookup(channelLabels, value);
export const madeByName = (value: string | null | undefined) => lookup(madeByLabels, value);
export const routeName = (value: string | null | undefined) => lookup(routeLabels, value);
export function outcomeName(value: string | null | undefined): string {
  if (!value) return 'Open: no outcome yet';
  return (outcomeLabels as Record<string, { label: string } | undefined>)[value]?.label ?? value.replaceAll('_', ' ');
}

export const channelChoices: Choice[] = contactChannels
  // Council systems send their own contacts over the API; colleagues do not type them in.
  .filter((value) => value !== 'council_system')
  .map((value) => ({ value, label: channelLabels[value] }));
export const madeByChoices: Choice[] = contactMadeBy.map((value) => ({ value, label: madeByLabels[value] }));
export const routeChoices: Choice[] = routesOfAccess.map((value) => ({ value, label: routeLabels[value] }));

/** Keep the contact open: an outcome can be recorded later from the front door. */
export const OPEN = 'open';

export const outcomeChoices: Choice[] = contactOutcomes.map((value) => ({
  value,
  label: outcomeLabels[value].label,
  description: isResolvedAtFirstContact(value)
    ? `${outcomeLabels[value].description} Resolved at first contact.`
    : outcomeLabels[value].description,
}));
