import type { Database, Tx } from '@threefold/db';
import { connectionMove, consentProblem, type ConnectionAction, type ConnectionStatus } from '@threefold/domain';
import { asUser, type Principal } from '../../auth/principal.js';
import { AppProblem, forbidden, invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { connectionRepository, enterScope, type ConnectionRow, type ConnectionScope } from './repository.js';
import { clientsRepository } from '../clients/repository.js';
import { findPerson } from '../people/service.js';
import type { ConnectionBody, NewConnectionBody } from './schemas.js';

const connectionNotFound = () => notFound('connection');
const seesRestricted = (principal: Principal) => principal.permissions.has('people:restricted');

/** Who the caller acts for: a partner client is held to its organisation; colleagues act for the practice. */
export function scopeOf(principal: Principal): ConnectionScope {
  if (principal.kind === 'client') {
    if (principal.clientKind !== 'partner' || !principal.organisationId) {
      throw forbidden('Connections are for colleagues and partner organisations.');
    }
    return { kind: 'partner', organisationId: principal.organisationId };
  }
  return { kind: 'practice' };
}

/** The practice's view, or — for a partner — only the projection it needs. */
export function connectionView(
  row: ConnectionRow,
  scope: ConnectionScope,
  steps?: { status: string; note: string | null; byType: 'user' | 'client'; at: Date }[],
): ConnectionBody {
  const c = row.c;
  const shared: ConnectionBody = {
    id: c.id,
    status: c.status,
    person: { name: `${row.givenName} ${row.familyName}`, preferredName: row.preferredName },
    serviceId: c.serviceId,
    serviceName: row.serviceName,
    organisationId: c.organisationId,
    organisationName: row.organisationName,
    contactRoute: c.contactRoute,
    contactDetail: c.contactDetail,
    whatMatters: c.whatMatters,
    ask: c.ask,
    sharedDetail: c.sharedDetail,
    reason: c.reason,
    outcome: c.outcome,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
  if (scope.kind === 'partner') return shared;
  return {
    ...shared,
    personId: c.personId,
    conversationId: c.conversationId,
    consentToShare: c.consentToShare,
    lawfulOverrideReason: c.lawfulOverrideReason,
    ...(steps
      ? {
          steps: steps.map((s) => ({
            status: s.status as ConnectionStatus,
            note: s.note,
            byType: s.byType,
            at: s.at.toISOString(),
          })),
        }
      : {}),
  };
}

/**
 * When a person's support ends (they died or moved away), every partner organisation that received
 * their details through a connection hears of it (`person.deceased` / `person.moved_away`,
 * addressed to it), so it can stop working with them. Runs in the end-of-support transaction.
 */
export async function notifyPartnersOfEndOfSupport(
  tx: Tx,
  personId: string,
  type: 'person.deceased' | 'person.moved_away',
  on: string,
): Promise<string[]> {
  await enterScope(tx, { kind: 'practice' });
  const recipients = await connectionRepository.recipientsOf(tx, personId);
  for (const organisationId of recipients) {
    await recordEvent(tx, {
      type,
      subjectType: 'person',
      subjectId: personId,
      audienceOrganisationId: organisationId,
      data: { on },
    });
  }
  return recipients;
}

const practiceEvent: Partial<
  Record<ConnectionAction, 'connection.accepted' | 'connection.declined' | 'connection.completed'>
> = {
  accept: 'connection.accepted',
  decline: 'connection.declined',
  complete: 'connection.completed',
};

/**
 * When a person's record is corrected, every partner organisation that received their details
 * hears of it (`person.rectified`, addressed to it), so it can read them again. Runs in the
 * correcting transaction.
 */
export async function notifyPartnersOfRectification(tx: Tx, personId: string, version: number): Promise<number> {
  await enterScope(tx, { kind: 'practice' });
  const recipients = await connectionRepository.recipientsOf(tx, personId);
  for (const organisationId of recipients) {
    await recordEvent(tx, {
      type: 'person.rectified',
      subjectType: 'person',
      subjectId: personId,
      audienceOrganisationId: organisationId,
      data: { version },
    });
  }
  return recipients.length;
}

export class ConnectionService {
  constructor(private readonly db: Database) {}

  private within<T>(scope: ConnectionScope, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await enterScope(tx, scope);
      return work(tx);
    });
  }

  async create(actor: Actor, input: NewConnectionBody): Promise<ConnectionBody> {
    const principal = asUser(actor.principal, 'Colleagues make connections.');
    const consent = consentProblem(input.consentToShare, input.lawfulOverrideReason);
    if (consent) {
      throw new AppProblem(422, 'consent_required', 'Consent to share is needed', consent, [
        {
          in: 'body',
          field: 'consentToShare',
          pointer: '/consentToShare',
          message: 'must be true, or give lawfulOverrideReason',
        },
      ]);
    }
    if (!input.serviceId && !input.organisationId) throw invalidField('serviceId', 'name a service or an organisation');
    return this.within({ kind: 'practice' }, async (tx) => {
      const person = await findPerson(tx, input.personId);
      if (!person || (person.restricted && !principal.permissions.has('people:restricted')))
        throw invalidField('personId', 'is not a known person');
      let organisationId = input.organisationId ?? null;
      if (input.serviceId) {
        const service = await connectionRepository.directoryService(tx, input.serviceId);
        if (!service) throw invalidField('serviceId', 'is not a service in the directory');
        if (organisationId && organisationId !== service.organisationId)
          throw invalidField('organisationId', 'is not the organisation that runs this service');
        organisationId = service.organisationId;
      } else if (!(await connectionRepository.organisationExists(tx, organisationId!))) {
        throw invalidField('organisationId', 'is not a known organisation');
      }
      if (
        input.conversationId &&
        !(await connectionRepository.isConversationOf(tx, input.conversationId, input.personId))
      ) {
        throw invalidField('conversationId', 'is not a conversation of this person');
      }
      const id = await connectionRepository.insert(tx, {
        personId: input.personId,
        conversationId: input.conversationId ?? null,
        serviceId: input.serviceId ?? null,
        organisationId: organisationId!,
        consentToShare: input.consentToShare,
        lawfulOverrideReason: input.consentToShare ? null : input.lawfulOverrideReason!.trim(),
        contactRoute: input.contactRoute,
        contactDetail: input.contactDetail ?? null,
        whatMatters: input.whatMatters ?? '',
        ask: input.ask,
        sharedDetail: input.sharedDetail ?? null,
        createdById: principal.userId,
      });
      await connectionRepository.addStep(tx, {
        connectionId: id,
        organisationId: organisationId!,
        status: 'offered',
        note: null,
        byType: 'user',
        byId: principal.userId,
      });
      await recordEvent(tx, {
        type: 'connection.offered',
        subjectType: 'connection',
        subjectId: id,
        audienceOrganisationId: organisationId,
      });
      await actor.audit(tx, {
        action: 'connection.create',
        resourceType: 'connection',
        resourceId: id,
        personId: input.personId,
      });
      // Say honestly whether the organisation hears of it: only one with a partner client of its own does.
      const linked = await clientsRepository.organisationHasEnabledPartnerClient(tx, organisationId!);
      return { ...(await this.viewIn(tx, id, { kind: 'practice' })), organisationLinked: linked };
    });
  }

  private async viewIn(tx: Tx, id: string, scope: ConnectionScope, seesRestricted = true): Promise<ConnectionBody> {
    const row = await connectionRepository.one(tx, id, scope.kind === 'partner' ? scope.organisationId : undefined);
    if (!row) throw connectionNotFound();
    // A restricted person's connections are as hidden as the person from colleagues who may not see them.
    if (scope.kind === 'practice' && row.personRestricted && !seesRestricted) throw connectionNotFound();
    const steps = scope.kind === 'practice' ? await connectionRepository.steps(tx, id) : undefined;
    return connectionView(row, scope, steps);
  }

  async get(actor: Actor, id: string): Promise<ConnectionBody> {
    const scope = scopeOf(actor.principal);
    return this.within(scope, async (tx) => {
      const view = await this.viewIn(tx, id, scope, seesRestricted(actor.principal));
      const personId = await connectionRepository.personOf(tx, id);
      await actor.audit(tx, {
        action: scope.kind === 'partner' ? 'connection.disclose' : 'connection.read',
        resourceType: 'connection',
        resourceId: id,
        personId,
      });
      return view;
    });
  }

  async list(
    actor: Actor,
    query: {
      personId?: string | undefined;
      organisationId?: string | undefined;
      status?: string | undefined;
      updatedSince?: string | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    },
  ) {
    const principal = actor.principal;
    const scope = scopeOf(principal);
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    if (scope.kind === 'partner' && (query.personId || query.organisationId)) {
      throw invalidField(query.personId ? 'personId' : 'organisationId', 'is for colleagues of the practice', 'query');
    }
    const page = await this.within(scope, async (tx) => {
      const rows = await connectionRepository.page(
        tx,
        {
          organisationId: scope.kind === 'partner' ? scope.organisationId : query.organisationId,
          personId: query.personId,
          status: query.status,
          updatedSince: query.updatedSince,
          after: after ? { at: after[0], id: after[1] } : undefined,
          hideRestricted: scope.kind === 'practice' && !seesRestricted(principal),
        },
        limit + 1,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        personIds: [...new Set(items.map((r) => r.c.personId))],
        items: items.map((r) => connectionView(r, scope)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.c.id]) : null,
      };
    });
    // Every person whose details leave this API is in the audit trail, one row each, written
    // together (the audit writer gathers concurrent rows into one insert) before the answer goes.
    await Promise.all(
      page.personIds.map((personId) =>
        actor.audit(this.db, {
          action: scope.kind === 'partner' ? 'connection.disclose' : 'connection.list',
          resourceType: 'person',
          resourceId: personId,
          personId,
        }),
      ),
    );
    return { items: page.items, nextCursor: page.nextCursor };
  }

  async move(
    actor: Actor,
    id: string,
    action: ConnectionAction,
    expected: number,
    given: { reason?: string | undefined; outcome?: string | undefined; note?: string | undefined },
  ): Promise<ConnectionBody> {
    const principal = actor.principal;
    const scope = scopeOf(principal);
    return this.within(scope, async (tx) => {
      const current = await connectionRepository.lock(
        tx,
        id,
        scope.kind === 'partner' ? scope.organisationId : undefined,
      );
      if (!current) throw connectionNotFound();
      if (current.version !== expected) throw staleVersion();
      const move = connectionMove(current.status, action, scope.kind, given);
      if (!move.ok) {
        throw new AppProblem(
          409,
          move.code,
          'This step is not possible',
          move.detail,
          undefined,
          {},
          {
            rules: [{ code: move.code, detail: move.detail }],
          },
        );
      }
      const updated = await connectionRepository.moveTo(tx, id, expected, {
        status: move.to,
        ...(given.reason ? { reason: given.reason.trim() } : {}),
        ...(given.outcome ? { outcome: given.outcome.trim() } : {}),
      });
      if (!updated) throw staleVersion();
      const by =
        principal.kind === 'user'
          ? { byType: 'user' as const, byId: principal.userId }
          : { byType: 'client' as const, byId: principal.clientId };
      await connectionRepository.addStep(tx, {
        connectionId: id,
        organisationId: current.organisationId,
        status: move.to,
        note: given.reason ?? given.outcome ?? given.note ?? null,
        ...by,
      });
      const toPractice = practiceEvent[action];
      if (toPractice) {
        await recordEvent(tx, {
          type: toPractice,
          subjectType: 'connection',
          subjectId: id,
          data: { status: move.to },
        });
      } else {
        await recordEvent(tx, {
          type: 'connection.withdrawn',
          subjectType: 'connection',
          subjectId: id,
          audienceOrganisationId: current.organisationId,
        });
      }
      await actor.audit(tx, {
        action: `connection.${action}`,
        resourceType: 'connection',
        resourceId: id,
        personId: current.personId,
      });
      return this.viewIn(tx, id, scope);
    });
  }
}
