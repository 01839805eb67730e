import type { Database, DbOrTx, Tx } from '@threefold/db';
import {
  addDays,
  careServiceEndReasonCld,
  carerSupportFor,
  dateInEngland,
  endProblem,
  newServiceProblems,
  periodFigures,
  rangesOverlap,
  resumeProblem,
  serviceStatusOn,
  suspendProblem,
  weeklyTotalOn,
  type CareServiceEndReason,
  type CareServicePart,
  type ServiceTerm,
  type SuspensionReason,
} from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { budgetRepository, type BudgetRow } from '../budgets/repository.js';
import { careRepository as repo, type ServiceRecord, type ServiceRow, type SuspensionRow } from './repository.js';
import type { CareServiceEndBody, CareServiceSuspendBody, CareServiceView, NewCareServiceBody } from './schemas.js';

/** The rules' view of a stored service and its suspensions. */
export function termOf(row: ServiceRow, suspensions: readonly SuspensionRow[]): ServiceTerm {
  return {
    weeklyPence: row.weeklyPence,
    start: row.startOn,
    end: row.endOn,
    suspensions: suspensions.filter((s) => s.serviceId === row.id).map((s) => ({ from: s.fromOn, to: s.toOn })),
  };
}

export function serviceView(
  row: ServiceRecord,
  suspensions: readonly SuspensionRow[],
  today: string,
  providedAsCaredFor = false,
): CareServiceView {
  const term = termOf(row, suspensions);
  const figures = periodFigures(row.weeklyPence);
  const reason = row.endReason as CareServiceEndReason | null;
  return {
    id: row.id,
    budgetId: row.budgetId,
    personId: row.personId,
    part: row.part,
    planLine: row.planLine,
    what: row.what,
    provider: row.providerId
      ? { id: row.providerId, name: row.providerName ?? '', cqcLocationId: row.providerCqc }
      : null,
    weeklyPence: row.weeklyPence,
    fourWeeklyPence: figures.fourWeeklyPence,
    annualPence: figures.annualPence,
    startOn: row.startOn,
    endOn: row.endOn,
    plannedEndOn: row.plannedEndOn,
    unitCostPence: row.unitCostPence,
    unitsPerWeek: row.unitsPerWeek,
    importedFrom: row.importedFrom,
    endReason: reason,
    endReasonCld: reason ? careServiceEndReasonCld[reason] : null,
    endNote: row.endNote,
    status: serviceStatusOn(term, today),
    suspensions: suspensions
      .filter((s) => s.serviceId === row.id)
      .map((s) => ({ from: s.fromOn, to: s.toOn, reason: s.reason as SuspensionReason, note: s.note })),
    replacesId: row.replacesId,
    carerSupport: row.carerSupport,
    caredForPersonId: row.caredForPersonId,
    providedAsCaredFor,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

/** A breach of a lifecycle rule, 409 with the rule's code and the field it is about. */
export function lifecycleBreach(problem: { code: string; detail: string }, field: string): AppProblem {
  return new AppProblem(
    409,
    problem.code,
    'Not allowed for this service',
    problem.detail,
    [{ in: 'body', field, pointer: `/${field}`, message: problem.detail }],
    {},
    { rules: [problem] },
  );
}

/** The budget's parts: a mixed budget lists them; a single-method budget is one part. */
/** The person, if the actor may see them: a restricted person is hidden like their budgets are. */
export async function assertPersonVisible(db: DbOrTx, actor: Actor, personId: string, hidden: () => AppProblem) {
  const person = await repo.personOf(db, personId);
  if (!person) throw hidden();
  if (person.restricted && !actor.principal.permissions.has('people:restricted')) throw hidden();
}

export function partsOf(budget: BudgetRow): CareServicePart[] {
  const m = budget.management;
  if (!m) return [];
  if (m.method === 'mixed') return m.parts.map((p) => p.method);
  return [m.method];
}

/**
 * Services under a signed-off personal budget: started with a provider (or the person, for a
 * direct payment), suspended and resumed with their dates kept, ended with a reason the returns
 * can report. Never edited: a change of plan ends one service and starts another.
 */
export class CareServicesService {
  constructor(private readonly db: Database) {}

  /** The rows whose person (the carer) the actor may see. */
  private async visibleToActor(actor: Actor, rows: ServiceRecord[]): Promise<ServiceRecord[]> {
    if (rows.length === 0 || actor.principal.permissions.has('people:restricted')) return rows;
    const hidden = new Set<string>();
    for (const carerId of new Set(rows.map((r) => r.personId))) {
      const carer = await repo.personOf(this.db, carerId);
      if (!carer || carer.restricted) hidden.add(carerId);
    }
    return rows.filter((r) => !hidden.has(r.personId));
  }

  private async views(db: DbOrTx, rows: ServiceRecord[], today: string) {
    const suspensions = await repo.suspensionsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => serviceView(r, suspensions, today));
  }

  private async one(db: DbOrTx, id: string, today: string): Promise<CareServiceView> {
    const row = (await repo.service(db, id))!;
    return (await this.views(db, [row], today))[0]!;
  }

  async list(actor: Actor, q: { personId?: string | undefined; budgetId?: string | undefined }) {
    if (!q.personId && !q.budgetId)
      throw invalidField('personId', 'Give a person (personId) or a budget (budgetId).', 'query');
    let personId = q.personId;
    if (q.budgetId) {
      const budget = await budgetRepository.byId(this.db, q.budgetId);
      if (!budget || (personId && budget.personId !== personId)) throw notFound('personal budget');
      personId = budget.personId;
    }
    await assertPersonVisible(this.db, actor, personId!, () => notFound('person'));
    const rows = q.budgetId
      ? await repo.servicesOfBudget(this.db, q.budgetId)
      : await repo.servicesOfPerson(this.db, personId!);
    // A person's own list also shows what their carers' budgets provide to them, flagged as such
    // (a restricted carer's services only to those who may see the carer).
    const providedTo = q.budgetId
      ? []
      : await this.visibleToActor(actor, await repo.servicesProvidedTo(this.db, personId!));
    const today = dateInEngland(actor.now());
    const suspensions = await repo.suspensionsOf(
      this.db,
      [...rows, ...providedTo].map((r) => r.id),
    );
    await actor.audit(this.db, {
      action: 'care_service.list',
      resourceType: q.budgetId ? 'personal_budget' : 'person',
      resourceId: q.budgetId ?? personId!,
      personId: personId!,
    });
    return {
      items: [
        ...rows.map((r) => serviceView(r, suspensions, today)),
        ...providedTo.map((r) => serviceView(r, suspensions, today, true)),
      ],
      weeklyTotalPence: weeklyTotalOn(
        rows.map((r) => termOf(r, suspensions)),
        today,
      ),
    };
  }

  async get(actor: Actor, id: string): Promise<CareServiceView> {
    const row = await repo.service(this.db, id);
    if (!row) throw notFound('care service');
    await assertPersonVisible(this.db, actor, row.personId, () => notFound('care service'));
    await actor.audit(this.db, {
      action: 'care_service.read',
      resourceType: 'care_service',
      resourceId: id,
      personId: row.personId,
    });
    return (await this.views(this.db, [row], dateInEngland(actor.now())))[0]!;
  }

  /** Starts a service (and, for a change of plan, ends the one it replaces the day before). */
  async start(actor: Actor, input: NewCareServiceBody): Promise<CareServiceView> {
    const user = asUser(actor.principal, 'Services are started by colleagues.');
    const now = actor.now();
    const first = newServiceProblems({ weeklyPence: input.weeklyPence, start: input.startOn })[0];
    if (first) throw invalidField(first.field, first.detail);
    return this.db.transaction(async (tx) => {
      // The budget row is the lock every service of the budget is started under (the overlap rule).
      const budget = await budgetRepository.byId(tx, input.budgetId, true);
      if (!budget) throw notFound('personal budget');
      await assertPersonVisible(tx, actor, budget.personId, () => notFound('personal budget'));
      if (budget.status !== 'signed_off') {
        throw ruleBreach('budget_not_signed_off', 'Budget not signed off', [
          { code: 'budget_not_signed_off', detail: 'Services start only under a signed-off personal budget.' },
        ]);
      }
      const determination = budget.determinationId
        ? await budgetRepository.determination(tx, budget.determinationId)
        : undefined;
      const carer = carerSupportFor(determination?.kind ?? 'adult', input.carerSupport);
      if ('problem' in carer) {
        const { code, detail } = carer.problem;
        throw new AppProblem(400, code, 'Not a carer’s budget', detail, [
          { in: 'body', field: 'carerSupport', pointer: '/carerSupport', message: detail },
        ]);
      }
      const caredForPersonId = carer.carerSupport ? (determination?.caredForPersonId ?? null) : null;
      if (!partsOf(budget).includes(input.part)) {
        throw lifecycleBreach(
          { code: 'part_not_in_budget', detail: `This budget has no ${input.part.replaceAll('_', ' ')} part.` },
          'part',
        );
      }
      if (budget.liveOn && input.startOn < budget.liveOn) {
        throw lifecycleBreach(
          {
            code: 'start_before_budget',
            detail: `The budget went live on ${budget.liveOn}; a service cannot start before.`,
          },
          'startOn',
        );
      }
      const planLine = input.planLine ?? null;
      const line = planLine === null ? undefined : budget.planLines[planLine];
      if (planLine !== null && !line) throw invalidField('planLine', 'The plan has no such line.');
      const what = input.what?.trim() || line?.what || input.part.replaceAll('_', ' ');
      let providerId = input.providerId ?? null;
      if (providerId) {
        const provider = await repo.provider(tx, providerId);
        if (!provider) throw invalidField('providerId', 'No such provider.');
        if (provider.status === 'suspended') {
          throw lifecycleBreach(
            { code: 'provider_suspended', detail: 'This provider is suspended and takes no new services.' },
            'providerId',
          );
        }
      } else if (input.part !== 'direct_payment') {
        throw invalidField('providerId', 'A provider is needed unless the service is a direct payment.');
      }
      providerId = providerId ?? null;

      const siblings = await repo.servicesOfPart(tx, budget.id, input.part, planLine);
      let replaced: ServiceRow | undefined;
      if (input.replacesId) {
        replaced = (await repo.serviceForChange(tx, input.replacesId)) ?? undefined;
        if (!replaced || replaced.budgetId !== budget.id) {
          throw invalidField('replacesId', 'No such service under this budget.');
        }
        const suspensions = await repo.suspensionsOf(tx, [replaced.id]);
        const problem = endProblem(termOf(replaced, suspensions), addDays(input.startOn, -1));
        if (problem) throw lifecycleBreach(problem, 'replacesId');
      }
      const others = siblings
        .filter((s) => s.id !== replaced?.id)
        .find((s) => rangesOverlap({ start: s.startOn, end: s.endOn }, { start: input.startOn, end: null }));
      if (others) {
        throw lifecycleBreach(
          {
            code: 'services_overlap',
            detail: `Another service of this budget part runs from ${others.startOn}${others.endOn ? ` to ${others.endOn}` : ''}; end it (or name it in replacesId) first.`,
          },
          'startOn',
        );
      }
      if (replaced) await this.endRow(tx, actor, replaced, addDays(input.startOn, -1), 'replaced_by_new_plan', null);

      const row = await repo.insertService(tx, {
        budgetId: budget.id,
        personId: budget.personId,
        part: input.part,
        planLine,
        what,
        providerId,
        weeklyPence: input.weeklyPence,
        startOn: input.startOn,
        replacesId: replaced?.id ?? null,
        carerSupport: carer.carerSupport,
        caredForPersonId,
        createdById: user.userId,
        createdAt: now,
      });
      await recordEvent(tx, {
        type: 'care_service.started',
        subjectType: 'care_service',
        subjectId: row.id,
        data: {
          personId: row.personId,
          budgetId: row.budgetId,
          providerId,
          part: row.part,
          weeklyPence: row.weeklyPence,
          startOn: row.startOn,
          replacesId: row.replacesId,
          carerSupport: row.carerSupport,
          caredForPersonId: row.caredForPersonId,
        },
      });
      await actor.audit(tx, {
        action: 'care_service.start',
        resourceType: 'care_service',
        resourceId: row.id,
        personId: row.personId,
      });
      return this.one(tx, row.id, dateInEngland(now));
    });
  }

  private async changeable(tx: Tx, actor: Actor, id: string) {
    const row = await repo.serviceForChange(tx, id);
    if (!row) throw notFound('care service');
    await assertPersonVisible(tx, actor, row.personId, () => notFound('care service'));
    const suspensions = await repo.suspensionsOf(tx, [id]);
    return { row, term: termOf(row, suspensions) };
  }

  async suspend(actor: Actor, id: string, input: CareServiceSuspendBody): Promise<CareServiceView> {
    const user = asUser(actor.principal, 'Services are suspended by colleagues.');
    return this.db.transaction(async (tx) => {
      const { row, term } = await this.changeable(tx, actor, id);
      const problem = suspendProblem(term, input.from);
      if (problem) throw lifecycleBreach(problem, 'from');
      await repo.insertSuspension(tx, {
        serviceId: id,
        fromOn: input.from,
        reason: input.reason,
        note: input.note?.trim() ?? '',
        byId: user.userId,
        at: actor.now(),
      });
      await repo.touchService(tx, id);
      await recordEvent(tx, {
        type: 'care_service.suspended',
        subjectType: 'care_service',
        subjectId: id,
        data: { personId: row.personId, budgetId: row.budgetId, from: input.from, reason: input.reason },
      });
      await actor.audit(tx, {
        action: 'care_service.suspend',
        resourceType: 'care_service',
        resourceId: id,
        personId: row.personId,
      });
      return this.one(tx, id, dateInEngland(actor.now()));
    });
  }

  async resume(actor: Actor, id: string, on: string): Promise<CareServiceView> {
    const user = asUser(actor.principal, 'Services are resumed by colleagues.');
    return this.db.transaction(async (tx) => {
      const { row, term } = await this.changeable(tx, actor, id);
      const problem = resumeProblem(term, on);
      if (problem) throw lifecycleBreach(problem, 'on');
      await repo.closeSuspension(tx, id, addDays(on, -1), { resumedById: user.userId, resumedAt: actor.now() });
      await repo.touchService(tx, id);
      await recordEvent(tx, {
        type: 'care_service.resumed',
        subjectType: 'care_service',
        subjectId: id,
        data: { personId: row.personId, budgetId: row.budgetId, on },
      });
      await actor.audit(tx, {
        action: 'care_service.resume',
        resourceType: 'care_service',
        resourceId: id,
        personId: row.personId,
      });
      return this.one(tx, id, dateInEngland(actor.now()));
    });
  }

  async end(actor: Actor, id: string, input: CareServiceEndBody): Promise<CareServiceView> {
    asUser(actor.principal, 'Services are ended by colleagues.');
    return this.db.transaction(async (tx) => {
      const { row, term } = await this.changeable(tx, actor, id);
      const problem = endProblem(term, input.on);
      if (problem) throw lifecycleBreach(problem, 'on');
      await this.endRow(tx, actor, row, input.on, input.reason, input.note?.trim() || null);
      return this.one(tx, id, dateInEngland(actor.now()));
    });
  }

  /**
   * Ends one service on `on` (its last day), closing an open suspension that day: the rule
   * checks are the caller's. Used by `end`, a change of plan, and the end of support.
   */
  async endRow(
    tx: Tx,
    actor: Actor,
    row: ServiceRow,
    on: string,
    reason: CareServiceEndReason,
    note: string | null,
  ): Promise<void> {
    const userId = actor.principal.kind === 'user' ? actor.principal.userId : null;
    const last = on < row.startOn ? row.startOn : on;
    await repo.closeSuspension(tx, row.id, last, { resumedById: userId, resumedAt: actor.now() });
    await repo.updateService(tx, row.id, {
      endOn: last,
      endReason: reason,
      endNote: note,
      endedAt: actor.now(),
      endedById: userId,
    });
    await recordEvent(tx, {
      type: 'care_service.ended',
      subjectType: 'care_service',
      subjectId: row.id,
      data: {
        personId: row.personId,
        budgetId: row.budgetId,
        endOn: last,
        reason,
        cldEventOutcome: careServiceEndReasonCld[reason],
      },
    });
    await actor.audit(tx, {
      action: 'care_service.end',
      resourceType: 'care_service',
      resourceId: row.id,
      personId: row.personId,
    });
  }
}
