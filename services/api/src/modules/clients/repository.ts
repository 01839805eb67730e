import { machineClients, type DbOrTx } from '@threefold/db';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';

export type ClientRow = typeof machineClients.$inferSelect;
type NewClientRow = typeof machineClients.$inferInsert;
type ClientFields = Partial<
  Pick<
    NewClientRow,
    | 'name'
    | 'scopes'
    | 'rateLimitPerMinute'
    | 'disabledAt'
    | 'secretHash'
    | 'previousSecretHash'
    | 'previousSecretExpiresAt'
  >
>;

/** The clients module's queries on `machine_clients`: one query each, the caller's database first. */
export const clientsRepository = {
  /** Whether an organisation has an enabled partner client: a system that receives what is sent to it. */
  async organisationHasEnabledPartnerClient(db: DbOrTx, organisationId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: machineClients.id })
      .from(machineClients)
      .where(
        and(
          eq(machineClients.kind, 'partner'),
          eq(machineClients.organisationId, organisationId),
          isNull(machineClients.disabledAt),
        ),
      )
      .limit(1);
    return row !== undefined;
  },

  async insert(db: DbOrTx, values: NewClientRow): Promise<ClientRow> {
    const [row] = await db.insert(machineClients).values(values).returning();
    return row!;
  },

  async byId(db: DbOrTx, id: string): Promise<ClientRow | undefined> {
    const [row] = await db.select().from(machineClients).where(eq(machineClients.id, id));
    return row;
  },

  /** By the public client id a token request presents. */
  async byClientId(db: DbOrTx, clientId: string): Promise<ClientRow | undefined> {
    const [row] = await db.select().from(machineClients).where(eq(machineClients.clientId, clientId));
    return row;
  },

  /** An enabled client by id, as a bearer token's subject resolves. */
  async enabledById(db: DbOrTx, id: string): Promise<ClientRow | undefined> {
    const [row] = await db
      .select()
      .from(machineClients)
      .where(and(eq(machineClients.id, id), isNull(machineClients.disabledAt)));
    return row;
  },

  async listAfter(db: DbOrTx, afterId: string | undefined, limit: number): Promise<ClientRow[]> {
    return db
      .select()
      .from(machineClients)
      .where(afterId ? gt(machineClients.id, afterId) : undefined)
      .orderBy(asc(machineClients.id))
      .limit(limit);
  },

  /** Changes a client and moves its version on; `expected` (when given) must be the version read. */
  async update(
    db: DbOrTx,
    id: string,
    set: ClientFields,
    now: Date,
    expected?: number,
  ): Promise<ClientRow | undefined> {
    const [row] = await db
      .update(machineClients)
      .set({ ...set, version: sql`${machineClients.version} + 1`, updatedAt: now })
      .where(and(eq(machineClients.id, id), expected !== undefined ? eq(machineClients.version, expected) : undefined))
      .returning();
    return row;
  },
};
