import type { conversations, intensivePlans, peerSignOffs, storyRequests } from '@threefold/db';
import { advocacyResultOf } from './advocacy.js';
import { conversationThreeGate, type Conversation as RuleConversation, type ConversationKind } from '@threefold/domain';
import type { ConversationBody } from './schemas.js';

// How stored rows read as the contract's bodies and as the domain's rules see them.

export type ConversationRow = typeof conversations.$inferSelect;
export type PlanRow = typeof intensivePlans.$inferSelect;
export type SignOffRow = typeof peerSignOffs.$inferSelect;
type RequestRow = typeof storyRequests.$inferSelect;

export const requestView = (r: RequestRow) => ({
  kind: r.kind === 'peer_review' ? ('peer_step' as const) : r.kind,
  byId: r.byId,
  note: r.note,
  at: r.at.toISOString(),
});

export const peerStepView = (s: SignOffRow) => ({
  id: s.id,
  byId: s.byId,
  outcome: s.outcome,
  why: s.note,
  qualified: s.qualified,
  conversationIds: s.conversationIds,
  at: s.at.toISOString(),
});

const noAdvocacyNeed = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

export function ruleView(row: ConversationRow): RuleConversation {
  return {
    id: row.id,
    kind: row.kind as ConversationKind,
    authorId: row.authorId,
    status: row.status,
    startedAt: row.startedAt,
    ...(row.concludedAt ? { concludedAt: row.concludedAt } : {}),
    ...(row.resolved !== null ? { resolved: row.resolved } : {}),
    ...(row.unresolvedReason ? { unresolvedReason: row.unresolvedReason } : {}),
    strengths: row.strengths,
    participants: row.participants,
    advocacy: (row.advocacy as unknown as RuleConversation['advocacy'] | undefined)?.substantialDifficulty
      ? (row.advocacy as unknown as RuleConversation['advocacy'])
      : noAdvocacyNeed,
  };
}

/**
 * Outputs as stored, in today's shape: parts recorded in an earlier shape (plain-text steps, a
 * risk with one `howEnabled`) are read into the structured one rather than failing the read.
 */
function outputsView(raw: Record<string, unknown>): ConversationBody['outputs'] {
  const out = raw as {
    desiredOutcomes?: string[];
    personalDevelopmentPlan?: {
      goals?: string[];
      steps?: (string | { step: string; who?: string; byWhen?: string })[];
    };
    circleOfSupport?: {
      members?: { name: string; role?: string; agreed?: string }[];
      agreement?: string;
      reviewOn?: string;
    };
    riskEnablementPlan?: {
      risks?: {
        risk: string;
        whatMatters?: string;
        mitigations?: string[];
        howEnabled?: string;
        who?: string;
        reviewOn?: string;
      }[];
    };
  };
  const view: ConversationBody['outputs'] = {};
  if (out.desiredOutcomes) view.desiredOutcomes = out.desiredOutcomes;
  if (out.personalDevelopmentPlan)
    view.personalDevelopmentPlan = {
      goals: out.personalDevelopmentPlan.goals ?? [],
      steps: (out.personalDevelopmentPlan.steps ?? []).map((s) =>
        typeof s === 'string'
          ? { step: s, who: '' }
          : { step: s.step, who: s.who ?? '', ...(s.byWhen ? { byWhen: s.byWhen } : {}) },
      ),
    };
  if (out.circleOfSupport)
    view.circleOfSupport = {
      members: (out.circleOfSupport.members ?? []).map((m) => ({
        name: m.name,
        role: m.role ?? '',
        agreed: m.agreed ?? '',
      })),
      agreement: out.circleOfSupport.agreement ?? '',
      ...(out.circleOfSupport.reviewOn ? { reviewOn: out.circleOfSupport.reviewOn } : {}),
    };
  if (out.riskEnablementPlan)
    view.riskEnablementPlan = {
      risks: (out.riskEnablementPlan.risks ?? []).map((r) => ({
        risk: r.risk,
        whatMatters: r.whatMatters ?? '',
        mitigations: r.mitigations ?? (r.howEnabled ? [r.howEnabled] : []),
        who: r.who ?? '',
        reviewOn: r.reviewOn ?? '',
      })),
    };
  return view;
}

export function conversationView(row: ConversationRow, plan: PlanRow | null): ConversationBody {
  const advocacy = row.advocacy as unknown as ConversationBody['advocacy'];
  return {
    id: row.id,
    storyId: row.storyId,
    kind: row.kind,
    authorId: row.authorId,
    status: row.status,
    participants: row.participants,
    whatMatters: row.whatMatters,
    strengths: row.strengths,
    advocacy: advocacy && 'substantialDifficulty' in advocacy ? advocacy : null,
    advocacyResult: advocacyResultOf(advocacy),
    outputs: outputsView(row.outputs),
    notes: row.notes,
    resolved: row.resolved,
    unresolvedReason: row.unresolvedReason,
    intensivePlan: plan
      ? { startsOn: plan.startsOn, endsOn: plan.endsOn, whatMustChange: plan.whatMustChange, actions: plan.actions }
      : null,
    startedAt: row.startedAt.toISOString(),
    concludedAt: row.concludedAt?.toISOString() ?? null,
    version: row.version,
  };
}

/**
 * Whether conversation 3 may open: the domain's gate over the story's conversations and the peer
 * steps that signed off conversations 1 (and 2) as exhausted (the other outcomes open nothing).
 */
export function gateOf(convs: ConversationRow[], signOffs: SignOffRow[], assessmentRequested = false) {
  const result = conversationThreeGate({
    assessmentRequested,
    conversations: convs.map(ruleView),
    peerSignOffs: signOffs
      .filter((s) => s.outcome === 'exhausted')
      .map((s) => ({
        byUserId: s.byId,
        byQualified: s.qualified,
        conversationIds: s.conversationIds,
        at: s.at,
      })),
  });
  return {
    open: result.open,
    route: assessmentRequested ? ('assessment_requested' as const) : ('peer_step' as const),
    unmet: result.unmet.map((u) => ({ code: u.code, detail: u.detail })),
  };
}
