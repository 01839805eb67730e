import {
  connectionEvents,
  connections,
  conversations,
  directoryServices,
  organisations,
  people,
  stories,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';

/**
 * Who a transaction acts for, for row-level security: the practice sees every connection; a
 * partner only those addressed to its organisation. Local to the transaction (set_config's
 * third argument), so a pooled connection never carries it into another request.
 */
export type ConnectionScope = { kind: 'practice' } | { kind: 'partner'; organisationId: string };

export async function enterScope(tx: DbOrTx, scope: ConnectionScope): Promise<void> {
  if (scope.kind === 'practice') {
    await tx.execute(
      sql`select set_config('threefold.scope', 'practice', true), set_config('threefold.partner_org', '', true)`,
    );
  } else {
    await tx.execute(
      sql`select set_config('threefold.scope', '', true), set_config('threefold.partner_org', ${scope.organisationId}, true)`,
    );
  }
}

const columns = {
  c: connections,
  givenName: people.givenName,
  familyName: people.familyName,
  preferredName: people.preferredName,
  personRestricted: people.restricted,
  serviceName: directoryServices.name,
  organisationName: organisations.name,
  cursorAt: sql<string>`${connections.updatedAt}::text`,
};
export type ConnectionRow = {
  c: typeof connections.$inferSelect;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  personRestricted: boolean;
  serviceName: string | null;
  organisationName: string;
  cursorAt: string;
};

export interface ConnectionFilter {
  /** The service-level check: a partner's own organisation. Row-level security holds even without it. */
  organisationId?: string | undefined;
  personId?: string | undefined;
  status?: string | undefined;
  updatedSince?: string | undefined;
  after?: { at: string; id: string } | undefined;
  /** Leave out people whose records are restricted (for colleagues without `people:restricted`). */
  hideRestricted?: boolean | undefined;
}

/** Drizzle queries only; every method takes the transaction it runs in (which has entered a scope). */
export const connectionRepository = {
  async one(tx: DbOrTx, id: string, organisationId?: string): Promise<ConnectionRow | null> {
    const [row] = await tx
      .select(columns)
      .from(connections)
      .innerJoin(people, eq(people.id, connections.personId))
      .innerJoin(organisations, eq(organisations.id, connections.organisationId))
      .leftJoin(directoryServices, eq(directoryServices.id, connections.serviceId))
      .where(and(eq(connections.id, id), organisationId ? eq(connections.organisationId, organisationId) : undefined));
    return row ?? null;
  },

  /** Oldest change first, by (updated_at, id): a partner pulling with `updatedSince` misses nothing. */
  async page(tx: DbOrTx, filter: ConnectionFilter, limit: number): Promise<ConnectionRow[]> {
    const where: (SQL | undefined)[] = [
      filter.organisationId ? eq(connections.organisationId, filter.organisationId) : undefined,
      filter.personId ? eq(connections.personId, filter.personId) : undefined,
      filter.status ? eq(connections.status, filter.status as 'offered') : undefined,
      filter.updatedSince ? gt(connections.updatedAt, sql`${filter.updatedSince}::timestamptz`) : undefined,
      filter.hideRestricted ? eq(people.restricted, false) : undefined,
    ];
    if (filter.after) {
      const at = sql`${filter.after.at}::timestamptz`;
      where.push(
        or(gt(connections.updatedAt, at), and(eq(connections.updatedAt, at), gt(connections.id, filter.after.id))),
      );
    }
    return tx
      .select(columns)
      .from(connections)
      .innerJoin(people, eq(people.id, connections.personId))
      .innerJoin(organisations, eq(organisations.id, connections.organisationId))
      .leftJoin(directoryServices, eq(directoryServices.id, connections.serviceId))
      .where(and(...where))
      .orderBy(asc(connections.updatedAt), asc(connections.id))
      .limit(limit);
  },

  async steps(tx: DbOrTx, id: string) {
    return tx
      .select()
      .from(connectionEvents)
      .where(eq(connectionEvents.connectionId, id))
      .orderBy(asc(connectionEvents.at));
  },

  async addStep(
    tx: DbOrTx,
    step: {
      connectionId: string;
      organisationId: string;
      status: string;
      note: string | null;
      byType: 'user' | 'client';
      byId: string;
    },
  ) {
    await tx.insert(connectionEvents).values(step);
  },

  /** Organisations that received a person's details: any connection ever addressed to them. */
  async recipientsOf(tx: DbOrTx, personId: string): Promise<string[]> {
    const rows = await tx
      .selectDistinct({ organisationId: connections.organisationId })
      .from(connections)
      .where(eq(connections.personId, personId));
    return rows.map((r) => r.organisationId);
  },

  async insert(tx: DbOrTx, values: typeof connections.$inferInsert): Promise<string> {
    const [row] = await tx.insert(connections).values(values).returning({ id: connections.id });
    return row!.id;
  },

  async personOf(tx: DbOrTx, id: string): Promise<string | null> {
    const [row] = await tx.select({ personId: connections.personId }).from(connections).where(eq(connections.id, id));
    return row?.personId ?? null;
  },

  /** The connection itself, locked for a step (a partner's only if addressed to its organisation). */
  async lock(tx: DbOrTx, id: string, organisationId?: string) {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.id, id), organisationId ? eq(connections.organisationId, organisationId) : undefined))
      .for('update');
    return row ?? null;
  },

  /** Moves the connection on if still at `expected`; false when someone got there first. */
  async moveTo(
    tx: DbOrTx,
    id: string,
    expected: number,
    set: { status: (typeof connections.$inferInsert)['status']; reason?: string; outcome?: string },
  ): Promise<boolean> {
    const rows = await tx
      .update(connections)
      .set({ ...set, version: expected + 1, updatedAt: sql`clock_timestamp()` })
      .where(and(eq(connections.id, id), eq(connections.version, expected)))
      .returning({ id: connections.id });
    return rows.length > 0;
  },

  /** The organisation that runs a directory service, if the service exists. */
  async directoryService(tx: DbOrTx, serviceId: string): Promise<{ organisationId: string } | null> {
    const [row] = await tx
      .select({ organisationId: directoryServices.organisationId })
      .from(directoryServices)
      .where(eq(directoryServices.id, serviceId));
    return row ?? null;
  },

  async organisationExists(tx: DbOrTx, organisationId: string): Promise<boolean> {
    const [row] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    return Boolean(row);
  },

  /** Whether the conversation belongs to one of this person's stories. */
  async isConversationOf(tx: DbOrTx, conversationId: string, personId: string): Promise<boolean> {
    const [row] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(and(eq(conversations.id, conversationId), eq(stories.personId, personId)));
    return Boolean(row);
  },
};
