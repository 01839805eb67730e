import { formatPounds, warningKindLabels, type WarningKind } from '@threefold/domain';
import type { ChronologyKind } from '../../platform/chronology.js';

/** Words for the codes the branches return, in the practice's language. */
const words: Record<string, string> = {
  phone: 'phone',
  email: 'email',
  web: 'the web form',
  in_person: 'in person',
  partner: 'a partner',
  council_system: 'the council',
  opened: 'Story opened',
  pick_up: 'Story picked up',
  invite: 'Colleague invited to the story',
  hand_on: 'Story handed on',
  closed: 'Story closed',
  reopened: 'Story reopened',
  assessment_requested: 'The person asked for an assessment now (Care Act s9(3))',
  peer_review_requested: 'Peer review asked for',
  peer_review_given: 'Peer review given',
  risk_panel_requested: 'Risk panel asked for',
  risk_panel_held: 'Risk panel held',
  peer_step_requested: 'Peer step asked for',
  peer_step_exhausted: 'Peer step: conversations 1 and 2 exhausted',
  peer_step_not_exhausted: 'Peer step: not yet exhausted',
  peer_step_advice: 'Peer step: advice',
  visit: 'visit',
  phone_call: 'phone call',
  meeting: 'meeting',
  email_or_letter: 'email or letter',
  observation: 'observation',
  management_oversight: 'management oversight',
  fully_met: 'outcomes fully met',
  partially_met: 'outcomes partly met',
  not_met: 'outcomes not met',
  first: 'First review',
  planned: 'Planned review',
  unplanned: 'Unplanned review',
  offered: 'offered',
  accepted: 'accepted',
  declined: 'declined',
  completed: 'completed',
  withdrawn: 'withdrawn',
  enquiry: 'an enquiry is opened',
  no_enquiry: 'no enquiry',
  concluded: 'concluded',
  ended_at_persons_request: 'ended at the person’s request',
};

const say = (code: string | undefined) => (code ? (words[code] ?? code.replaceAll('_', ' ')) : '');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const pounds = (pence: string | null) => {
  const n = Number(pence);
  return Number.isSafeInteger(n) && n >= 0 ? formatPounds(n) : null;
};

/** An entry's title and summary from its kind, the branch's detail code and its stored text. */
export function describe(
  kind: ChronologyKind,
  detail: string | null,
  text: string | null,
): { title: string; summary: string } {
  const [code, extra] = (detail ?? '').split('|');
  const summary = (text ?? '').trim();
  switch (kind) {
    case 'contact':
      return { title: `Contact by ${say(code)}`, summary };
    case 'story':
    case 'peer_step':
      return { title: capital(say(code)), summary };
    case 'conversation_started':
      return { title: `Conversation ${code} started`, summary };
    case 'conversation_concluded':
      return { title: `Conversation ${code} concluded`, summary };
    case 'note':
      return { title: `Case note: ${say(code)}${extra === 'amended' ? ' (amended)' : ''}`, summary };
    case 'eligibility':
      return {
        title: `${code === 'carer' ? 'Carer’s eligibility' : 'Eligibility'} decided: ${extra === 'eligible' ? 'eligible' : 'not eligible'}`,
        summary: summary ? `Needs: ${summary}` : '',
      };
    case 'budget_started': {
      const weekly = pounds(code ?? null);
      return { title: 'Personal budget started', summary: weekly ? `Indicative budget ${weekly} a week` : '' };
    }
    case 'budget_signed_off': {
      const weekly = pounds(code ?? null);
      return {
        title: 'Personal budget signed off',
        summary: [weekly ? `${weekly} a week` : '', summary].filter(Boolean).join('. '),
      };
    }
    case 'review_completed':
      return { title: `${say(code)} completed: ${say(extra)}`, summary };
    case 'connection':
      return { title: `Connection made (now ${say(code)})`, summary };
    case 'safeguarding_concern':
      return { title: 'Safeguarding concern raised', summary };
    case 'safeguarding_decision':
      return { title: `Safeguarding decision: ${say(code)}`, summary };
    case 'safeguarding_enquiry_opened':
      return { title: code === 's42' ? 'Section 42 enquiry opened' : 'Safeguarding enquiry opened', summary };
    case 'safeguarding_enquiry_concluded':
      return { title: `Safeguarding enquiry ${say(code)}`, summary };
    case 'warning_added':
      return { title: `Warning added: ${warningKindLabels[code as WarningKind] ?? say(code)}`, summary };
    case 'warning_ended':
      return { title: `Warning ended: ${warningKindLabels[code as WarningKind] ?? say(code)}`, summary };
    case 'capacity_assessment':
      return {
        title:
          code === 'lacks_capacity'
            ? 'Capacity assessed: lacks capacity for this decision'
            : 'Capacity assessed: has capacity for this decision',
        summary,
      };
    case 'best_interests_decision':
      return { title: 'Best-interests decision', summary };
    case 'care_service_started':
      return { title: `Service started (${say(code)})`, summary };
    case 'care_service_ended':
      return { title: `Service ended: ${say(code)}`, summary };
  }
}
