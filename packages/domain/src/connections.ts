/**
 * A connection's lifecycle (spec §3.4): offered → accepted | declined; accepted → completed
 * (with an outcome); offered or accepted → withdrawn by the practice. Declined, completed and
 * withdrawn are final.
 */
export const connectionStatuses = ['offered', 'accepted', 'declined', 'completed', 'withdrawn'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export const connectionActions = ['accept', 'decline', 'complete', 'withdraw'] as const;
export type ConnectionAction = (typeof connectionActions)[number];

/** Who may take each step: the partner (or a colleague on its behalf) answers; the practice withdraws. */
export type ConnectionActor = 'partner' | 'practice';

const moves: Record<
  ConnectionAction,
  {
    from: readonly ConnectionStatus[];
    to: ConnectionStatus;
    by: readonly ConnectionActor[];
    needs: 'reason' | 'outcome' | null;
  }
> = {
  accept: { from: ['offered'], to: 'accepted', by: ['partner', 'practice'], needs: null },
  decline: { from: ['offered'], to: 'declined', by: ['partner', 'practice'], needs: 'reason' },
  complete: { from: ['accepted'], to: 'completed', by: ['partner', 'practice'], needs: 'outcome' },
  withdraw: { from: ['offered', 'accepted'], to: 'withdrawn', by: ['practice'], needs: 'reason' },
};

export type ConnectionMove =
  | { ok: true; to: ConnectionStatus }
  | {
      ok: false;
      code:
        | 'connection_transition_invalid'
        | 'connection_reason_required'
        | 'connection_outcome_required'
        | 'connection_not_yours';
      detail: string;
    };

/** Whether `action` may move a connection now in `from`, by `actor`, with what was given. */
export function connectionMove(
  from: ConnectionStatus,
  action: ConnectionAction,
  actor: ConnectionActor,
  given: { reason?: string | null | undefined; outcome?: string | null | undefined },
): ConnectionMove {
  const move = moves[action];
  if (!move.by.includes(actor)) {
    return { ok: false, code: 'connection_not_yours', detail: `Only the practice can ${action} a connection.` };
  }
  if (!move.from.includes(from)) {
    return {
      ok: false,
      code: 'connection_transition_invalid',
      detail: `A connection that is ${from} cannot be ${move.to === 'accepted' ? 'accepted' : move.to}.`,
    };
  }
  if (move.needs === 'reason' && !given.reason?.trim()) {
    return { ok: false, code: 'connection_reason_required', detail: `Say why it is ${move.to}.` };
  }
  if (move.needs === 'outcome' && !given.outcome?.trim()) {
    return { ok: false, code: 'connection_outcome_required', detail: 'Say what came of it.' };
  }
  return { ok: true, to: move.to };
}

/** Consent to share, or a lawful basis to share without it (e.g. vital interests), with its reason. */
export function consentProblem(
  consentToShare: boolean,
  lawfulOverrideReason: string | null | undefined,
): string | null {
  if (consentToShare) return null;
  if (lawfulOverrideReason?.trim()) return null;
  return 'Record the person’s consent to share, or the lawful reason to share without it.';
}
