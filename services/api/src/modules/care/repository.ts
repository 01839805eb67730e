import {
  careProviders,
  careServices,
  careServiceSuspensions,
  directPaymentAgreements,
  supportEndings,
  financialAssessments,
  organisations,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { personRepository } from '../people/repository.js';

export type ProviderRow = typeof careProviders.$inferSelect;
export type NewProviderRow = typeof careProviders.$inferInsert;
export type ServiceRow = typeof careServices.$inferSelect;
export type NewServiceRow = typeof careServices.$inferInsert;
export type SuspensionRow = typeof careServiceSuspensions.$inferSelect;
export type AssessmentRow = typeof financialAssessments.$inferSelect;
export type AgreementRow = typeof directPaymentAgreements.$inferSelect;

export interface ServiceRecord extends ServiceRow {
  providerName: string | null;
  providerCqc: string | null;
}

function servicesWithProvider(db: DbOrTx) {
  return db
    .select({ service: careServices, providerName: careProviders.name, providerCqc: careProviders.cqcLocationId })
    .from(careServices)
    .leftJoin(careProviders, eq(careProviders.id, careServices.providerId));
}

const record = (r: {
  service: ServiceRow;
  providerName: string | null;
  providerCqc: string | null;
}): ServiceRecord => ({
  ...r.service,
  providerName: r.providerName,
  providerCqc: r.providerCqc,
});

/** Providers, services, suspensions and the council's assessments: drizzle only, every method takes the tx. */
export const careRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof careServices.$inferSelect)[]> {
    return tx
      .select()
      .from(careServices)
      .where(afterId ? gt(careServices.id, afterId) : undefined)
      .orderBy(asc(careServices.id))
      .limit(limit);
  },
  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  async organisationExists(db: DbOrTx, id: string): Promise<boolean> {
    const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id));
    return Boolean(row);
  },

  // ——— Providers ———

  async insertProvider(db: DbOrTx, values: NewProviderRow): Promise<ProviderRow> {
    const [row] = await db.insert(careProviders).values(values).returning();
    return row!;
  },

  async provider(db: DbOrTx, id: string, lock = false): Promise<ProviderRow | undefined> {
    const query = db.select().from(careProviders).where(eq(careProviders.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },

  async providerByCqc(db: DbOrTx, cqc: string): Promise<ProviderRow | undefined> {
    const [row] = await db.select().from(careProviders).where(eq(careProviders.cqcLocationId, cqc));
    return row;
  },

  /** Providers whose CQC location id, or name (any case), is one of these keys (an import names them so). */
  async providersByKeys(db: DbOrTx, keys: string[]): Promise<ProviderRow[]> {
    if (keys.length === 0) return [];
    const lower = [...new Set(keys.map((k) => k.toLowerCase()))];
    return db
      .select()
      .from(careProviders)
      .where(
        or(inArray(careProviders.cqcLocationId, [...new Set(keys)]), inArray(sql`lower(${careProviders.name})`, lower)),
      );
  },

  async providersByIds(db: DbOrTx, ids: string[]): Promise<ProviderRow[]> {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(careProviders)
      .where(inArray(careProviders.id, [...new Set(ids)]));
  },

  async insertServices(db: DbOrTx, values: NewServiceRow[]): Promise<void> {
    if (values.length) await db.insert(careServices).values(values);
  },

  async updateProvider(db: DbOrTx, id: string, values: Partial<NewProviderRow>): Promise<void> {
    await db
      .update(careProviders)
      .set({ ...values, version: sql`${careProviders.version} + 1` })
      .where(eq(careProviders.id, id));
  },

  async providers(db: DbOrTx, q: { text?: string; status?: 'active' | 'suspended'; limit: number; offset: number }) {
    const where = and(
      q.text ? or(ilike(careProviders.name, `%${q.text}%`), eq(careProviders.cqcLocationId, q.text)) : undefined,
      q.status ? eq(careProviders.status, q.status) : undefined,
    );
    const rows = await db
      .select()
      .from(careProviders)
      .where(where)
      .orderBy(asc(careProviders.name), asc(careProviders.id))
      .limit(q.limit)
      .offset(q.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(careProviders)
      .where(where);
    return { rows, total: count?.n ?? 0 };
  },

  // ——— Services ———

  async insertService(db: DbOrTx, values: NewServiceRow): Promise<ServiceRow> {
    const [row] = await db.insert(careServices).values(values).returning();
    return row!;
  },

  async service(db: DbOrTx, id: string): Promise<ServiceRecord | undefined> {
    const [row] = await servicesWithProvider(db).where(eq(careServices.id, id));
    return row && record(row);
  },

  async serviceForChange(db: DbOrTx, id: string): Promise<ServiceRow | undefined> {
    const [row] = await db.select().from(careServices).where(eq(careServices.id, id)).for('update');
    return row;
  },

  async updateService(
    db: DbOrTx,
    id: string,
    values: Partial<Pick<NewServiceRow, 'endOn' | 'endReason' | 'endNote' | 'endedAt' | 'endedById'>>,
  ): Promise<void> {
    await db
      .update(careServices)
      .set({ ...values, version: sql`${careServices.version} + 1` })
      .where(eq(careServices.id, id));
  },

  async touchService(db: DbOrTx, id: string): Promise<void> {
    await db
      .update(careServices)
      .set({ version: sql`${careServices.version} + 1` })
      .where(eq(careServices.id, id));
  },

  /** The services of one budget part (and plan line) that have not ended before `from`. */
  async servicesOfPart(db: DbOrTx, budgetId: string, part: ServiceRow['part'], planLine: number | null) {
    return db
      .select()
      .from(careServices)
      .where(
        and(
          eq(careServices.budgetId, budgetId),
          eq(careServices.part, part),
          planLine === null ? isNull(careServices.planLine) : eq(careServices.planLine, planLine),
        ),
      );
  },

  async servicesOfPerson(db: DbOrTx, personId: string, limit = 500): Promise<ServiceRecord[]> {
    const rows = await servicesWithProvider(db)
      .where(eq(careServices.personId, personId))
      .orderBy(desc(careServices.startOn), asc(careServices.id))
      .limit(limit);
    return rows.map(record);
  },

  /** Services provided to a person under their carers' budgets (the carer is the service's person). */
  async servicesProvidedTo(db: DbOrTx, personId: string, limit = 500): Promise<ServiceRecord[]> {
    const rows = await servicesWithProvider(db)
      .where(and(eq(careServices.caredForPersonId, personId), eq(careServices.carerSupport, 'to_cared_for_person')))
      .orderBy(desc(careServices.startOn), asc(careServices.id))
      .limit(limit);
    return rows.map(record);
  },

  async servicesOfBudget(db: DbOrTx, budgetId: string, limit = 500): Promise<ServiceRecord[]> {
    const rows = await servicesWithProvider(db)
      .where(eq(careServices.budgetId, budgetId))
      .orderBy(desc(careServices.startOn), asc(careServices.id))
      .limit(limit);
    return rows.map(record);
  },

  /** Every service of these budgets (the statement's input), without provider names. */
  async servicesOfBudgets(db: DbOrTx, budgetIds: string[]): Promise<ServiceRow[]> {
    if (budgetIds.length === 0) return [];
    return db.select().from(careServices).where(inArray(careServices.budgetId, budgetIds));
  },

  /** A person's services still open (no end, or an end after `on`), locked for ending. */
  async openServicesOfPerson(db: DbOrTx, personId: string, on: string): Promise<ServiceRow[]> {
    return db
      .select()
      .from(careServices)
      .where(
        and(eq(careServices.personId, personId), or(isNull(careServices.endOn), sql`${careServices.endOn} > ${on}`)),
      )
      .for('update');
  },

  async firstServiceStart(db: DbOrTx, personId: string): Promise<string | null> {
    const [row] = await db
      .select({ start: sql<string | null>`min(${careServices.startOn})::text` })
      .from(careServices)
      .where(eq(careServices.personId, personId));
    return row?.start ?? null;
  },

  async suspensionsOf(db: DbOrTx, serviceIds: string[]): Promise<SuspensionRow[]> {
    if (serviceIds.length === 0) return [];
    return db
      .select()
      .from(careServiceSuspensions)
      .where(inArray(careServiceSuspensions.serviceId, serviceIds))
      .orderBy(asc(careServiceSuspensions.fromOn));
  },

  async insertSuspension(db: DbOrTx, values: typeof careServiceSuspensions.$inferInsert): Promise<void> {
    await db.insert(careServiceSuspensions).values(values);
  },

  async closeSuspension(
    db: DbOrTx,
    serviceId: string,
    toOn: string,
    by: { resumedById: string | null; resumedAt: Date },
  ): Promise<void> {
    await db
      .update(careServiceSuspensions)
      .set({ toOn, ...by })
      .where(and(eq(careServiceSuspensions.serviceId, serviceId), isNull(careServiceSuspensions.toOn)));
  },

  // ——— The end of support ———

  async insertEnding(db: DbOrTx, values: typeof supportEndings.$inferInsert) {
    const [row] = await db.insert(supportEndings).values(values).returning();
    return row!;
  },

  async endingOf(db: DbOrTx, personId: string) {
    const [row] = await db.select().from(supportEndings).where(eq(supportEndings.personId, personId)).limit(1);
    return row;
  },

  // ——— Direct payment agreements ———

  async agreementOf(db: DbOrTx, budgetId: string): Promise<AgreementRow | undefined> {
    const [row] = await db.select().from(directPaymentAgreements).where(eq(directPaymentAgreements.budgetId, budgetId));
    return row;
  },

  async insertAgreement(db: DbOrTx, values: typeof directPaymentAgreements.$inferInsert): Promise<AgreementRow> {
    const [row] = await db.insert(directPaymentAgreements).values(values).returning();
    return row!;
  },

  // ——— The council's financial assessments ———

  async insertAssessment(db: DbOrTx, values: typeof financialAssessments.$inferInsert): Promise<AssessmentRow> {
    const [row] = await db.insert(financialAssessments).values(values).returning();
    return row!;
  },

  /** A person's assessments, oldest effective date first; for one date the latest received wins. */
  async assessmentsOf(db: DbOrTx, personIds: string[]): Promise<AssessmentRow[]> {
    if (personIds.length === 0) return [];
    return db
      .select()
      .from(financialAssessments)
      .where(inArray(financialAssessments.personId, personIds))
      .orderBy(asc(financialAssessments.effectiveFrom), asc(financialAssessments.receivedAt));
  },
};
