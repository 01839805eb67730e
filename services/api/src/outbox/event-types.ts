/**
 * Who may hear of an event: the council's systems, or the one partner organisation it concerns
 * (recorded with `audienceOrganisationId`). A council system never receives a partner's events,
 * and a partner never receives anything not addressed to it.
 */
export type EventAudience = 'council' | 'partner';

export interface EventTypeEntry {
  readonly type: string;
  /** Which kinds of client may subscribe to it. */
  readonly audiences: readonly EventAudience[];
  readonly description: string;
}

/**
 * The published list of events a machine client can subscribe to. Payloads are thin — ids and
 * types only — so the detail is read through the API, where access is checked and audited.
 * Adding an event is backwards compatible; renaming or removing one is not.
 */
export const webhookEventCatalogue = [
  { type: 'contact.created', audiences: ['council'], description: 'A contact was recorded at the front door.' },
  {
    type: 'contact.resolved',
    audiences: ['council'],
    description: 'A contact reached its outcome at the front door (information, community, conversation, concern).',
  },
  { type: 'story.opened', audiences: ['council'], description: "A person's story (episode) was opened." },
  { type: 'story.closed', audiences: ['council'], description: "A person's story (episode) was closed." },
  { type: 'story.reopened', audiences: ['council'], description: 'A closed story (episode) was opened again.' },
  { type: 'conversation.started', audiences: ['council'], description: 'Conversation 1, 2 or 3 was started.' },
  { type: 'conversation.concluded', audiences: ['council'], description: 'Conversation 1, 2 or 3 was concluded.' },
  {
    type: 'conversation3.gate-passed',
    audiences: ['council'],
    description: 'Conversation 3 opened: conversations 1 (and 2) concluded unresolved and a peer signed that off.',
  },
  {
    type: 'story.assessment-requested',
    audiences: ['council'],
    description:
      'The person, or someone for them, asked to go straight to the eligibility assessment (Care Act s9(3)): conversation 3 may open without the peer step.',
  },
  { type: 'eligibility.determined', audiences: ['council'], description: 'An eligibility determination was recorded.' },
  { type: 'budget.signed-off', audiences: ['council'], description: 'A personal budget was signed off.' },
  {
    type: 'budget.referred-to-panel',
    audiences: ['council'],
    description: "A personal budget is above every delegated limit and awaits the council's panel.",
  },
  {
    type: 'review.due',
    audiences: ['council'],
    description: 'A review of a support plan fell due (scheduled date reached, or an unplanned review was requested).',
  },
  {
    type: 'task.overdue',
    audiences: ['council'],
    description:
      'A task (a colleague’s, or one a clock made: touchpoint, review, safeguarding decision) passed its due day still open.',
  },
  { type: 'review.completed', audiences: ['council'], description: 'A review of a support plan was completed.' },
  {
    type: 'care_service.started',
    audiences: ['council'],
    description:
      'A service under a signed-off personal budget was started (provider, part, weekly amount, start date).',
  },
  {
    type: 'care_service.suspended',
    audiences: ['council'],
    description: 'A service was suspended (e.g. a hospital stay); it keeps its dates.',
  },
  { type: 'care_service.resumed', audiences: ['council'], description: 'A suspended service was resumed.' },
  {
    type: 'care_service.ended',
    audiences: ['council'],
    description: 'A service ended, with its reason (and the Client Level Data event outcome it reports as).',
  },
  {
    type: 'contribution.changed',
    audiences: ['council'],
    description: 'The council’s financial assessment changed a person’s assessed weekly contribution.',
  },
  {
    type: 'person.deceased',
    audiences: ['council', 'partner'],
    description:
      'A person died: their open stories, services, reviews and tasks were ended (the end of support). Partners hear ' +
      'of it only for people whose details they received through a connection.',
  },
  {
    type: 'person.moved_away',
    audiences: ['council', 'partner'],
    description:
      'A person moved away: their open stories, services, reviews and tasks were ended (the end of support). ' +
      'Partners hear of it only for people whose details they received through a connection.',
  },
  { type: 'safeguarding.concern-raised', audiences: ['council'], description: 'A safeguarding concern was raised.' },
  {
    type: 'safeguarding.decision-made',
    audiences: ['council'],
    description: 'The section 42 decision on a concern was recorded (s42 enquiry, other enquiry, or no enquiry).',
  },
  { type: 'safeguarding.enquiry-opened', audiences: ['council'], description: 'A safeguarding enquiry was opened.' },
  {
    type: 'safeguarding.enquiry-concluded',
    audiences: ['council'],
    description: 'A safeguarding enquiry was concluded.',
  },
  {
    type: 'import.completed',
    audiences: ['council'],
    description: 'An import of council records (people, …) finished committing: its counts are in the data.',
  },
  {
    type: 'person.rectified',
    audiences: ['council', 'partner'],
    description:
      "A person's record was corrected. Partners hear of it only for people whose details they received, " +
      'so they can read the corrected details again.',
  },
  {
    type: 'connection.offered',
    audiences: ['partner'],
    description: 'A connection (referral) was addressed to the partner organisation.',
  },
  {
    type: 'connection.withdrawn',
    audiences: ['partner'],
    description: 'A connection offered to the partner was withdrawn.',
  },
  {
    type: 'connection.accepted',
    audiences: ['council'],
    description: 'A partner organisation accepted a connection the practice offered it.',
  },
  {
    type: 'connection.declined',
    audiences: ['council'],
    description: 'A partner organisation declined a connection, with its reason.',
  },
  {
    type: 'connection.completed',
    audiences: ['council'],
    description: 'A connection was completed, with its outcome.',
  },
] as const satisfies readonly EventTypeEntry[];

export type WebhookEventType = (typeof webhookEventCatalogue)[number]['type'];

/** The event type names, in catalogue order. */
export const webhookEventTypes: readonly WebhookEventType[] = webhookEventCatalogue.map((e) => e.type);

const audiencesByType = new Map<string, readonly EventAudience[]>(
  webhookEventCatalogue.map((e) => [e.type, e.audiences]),
);

export function isWebhookEventType(value: string): value is WebhookEventType {
  return audiencesByType.has(value);
}

/** May a client of this kind subscribe to this event type? */
export function audienceMayReceive(type: string, audience: EventAudience): boolean {
  return audiencesByType.get(type)?.includes(audience) ?? false;
}
