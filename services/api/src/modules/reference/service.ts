import type { Database, DbOrTx } from '@threefold/db';
import { rasTableProblems, type RasTable as RuleRasTable } from '@threefold/domain';
import type { Principal } from '../../auth/principal.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { rasTableInvalid, rasVersionNotFound, unitCostNameTaken, unitCostNotFound, unitCostRetired } from './errors.js';
import { referenceRepository as repo, type PracticeRow, type RasVersionRow, type UnitCostRow } from './repository.js';
import type {
  PracticeDetailsBody,
  PracticeDetailsChangesBody,
  RasTableBody,
  RasTableChangesBody,
  UnitCostBody,
  UnitCostChangesBody,
} from './schemas.js';

/** The ETag subject of the resource allocation table: there is one table, in versions. */
export const RAS_ETAG_ID = 'ras';

export function rasView(row: RasVersionRow): RasTableBody {
  return {
    id: row.id,
    version: row.version,
    rows: row.rows,
    pencePerPoint: row.pencePerPoint,
    maximumWeeklyPence: row.maximumWeeklyPence,
    note: row.note,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The table as the eligibility rules use it. */
export function rasRules(row: RasVersionRow): RuleRasTable {
  return {
    version: row.version,
    rows: row.rows,
    pencePerPoint: row.pencePerPoint,
    maximumWeeklyPence: row.maximumWeeklyPence,
  };
}

export function unitCostView(row: UnitCostRow): UnitCostBody {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit as UnitCostBody['unit'],
    costPence: row.costPence,
    notes: row.notes,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The ETag subject of the practice's details: there is one row. */
export const PRACTICE_ETAG_ID = 'practice';

export function practiceView(row: PracticeRow): PracticeDetailsBody {
  return {
    name: row.name,
    addressLines: row.addressLines,
    postcode: row.postcode,
    phone: row.phone,
    email: row.email,
    website: row.website,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    updatedById: row.updatedById,
  };
}

/** The practice as every written record is signed: read by the records module. */
export async function practiceDetailsOf(db: DbOrTx): Promise<PracticeDetailsBody> {
  const row = await repo.practice(db);
  if (!row) throw new Error('practice_details has no row: run the migrations');
  return practiceView(row);
}

function actorId(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : null;
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string }; code?: string }) ?? {};
  return cause.code === '23505' || cause.cause?.code === '23505';
}

export class ReferenceService {
  constructor(private readonly db: Database) {}

  async currentRas(): Promise<RasVersionRow> {
    const row = await repo.currentRas(this.db);
    // The starting table is seeded by a migration; a database without it is not one this API made.
    if (!row) throw rasVersionNotFound();
    return row;
  }

  async rasVersion(version: number): Promise<RasVersionRow> {
    const row = await repo.rasVersion(this.db, version);
    if (!row) throw rasVersionNotFound();
    return row;
  }

  /** A new version of the table, made from the version the administrator read; old versions never change. */
  async replaceRas(actor: Actor, expected: number, body: RasTableChangesBody) {
    const problems = rasTableProblems(body);
    if (problems.length > 0) throw rasTableInvalid(problems);
    return this.db.transaction(async (tx) => {
      const current = await repo.currentRas(tx);
      if (!current || current.version !== expected) throw staleVersion();
      const row = await repo.insertRas(tx, {
        version: expected + 1,
        rows: body.rows,
        pencePerPoint: body.pencePerPoint,
        maximumWeeklyPence: body.maximumWeeklyPence,
        note: body.note,
        createdById: actorId(actor.principal),
      });
      if (!row) throw staleVersion();
      await actor.audit(tx, { action: 'ras.replace', resourceType: 'ras_version', resourceId: row.id, personId: null });
      return row;
    });
  }

  async practice(): Promise<PracticeDetailsBody> {
    return practiceDetailsOf(this.db);
  }

  async replacePractice(actor: Actor, expected: number, body: PracticeDetailsChangesBody) {
    const row = await this.db.transaction(async (tx) => {
      const saved = await repo.replacePractice(tx, expected, {
        name: body.name.trim(),
        addressLines: body.addressLines.map((l) => l.trim()).filter(Boolean),
        postcode: body.postcode.trim().toUpperCase(),
        phone: body.phone.trim(),
        email: body.email.trim(),
        website: body.website?.trim() || null,
        updatedAt: actor.now(),
        updatedById: actorId(actor.principal),
      });
      if (!saved) throw staleVersion();
      await actor.audit(tx, {
        action: 'practice.replace',
        resourceType: 'practice_details',
        resourceId: null,
        personId: null,
      });
      return saved;
    });
    return practiceView(row);
  }

  async unitCosts(includeRetired: boolean) {
    return (await repo.unitCosts(this.db, includeRetired)).map(unitCostView);
  }

  async unitCost(id: string) {
    const row = await repo.unitCost(this.db, id);
    if (!row) throw unitCostNotFound();
    return unitCostView(row);
  }

  async addUnitCost(actor: Actor, body: UnitCostChangesBody) {
    try {
      return await this.db.transaction(async (tx) => {
        if (await repo.activeUnitCostNamed(tx, body.name.trim())) throw unitCostNameTaken();
        const row = await repo.insertUnitCost(tx, { ...body, name: body.name.trim() });
        await actor.audit(tx, {
          action: 'unit_cost.create',
          resourceType: 'unit_cost',
          resourceId: row.id,
          personId: null,
        });
        return unitCostView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw unitCostNameTaken();
      throw error;
    }
  }

  async changeUnitCost(actor: Actor, id: string, expected: number, body: UnitCostChangesBody) {
    try {
      return await this.db.transaction(async (tx) => {
        const current = await repo.unitCost(tx, id);
        if (!current) throw unitCostNotFound();
        if (current.retiredAt) throw unitCostRetired();
        const clash = await repo.activeUnitCostNamed(tx, body.name.trim());
        if (clash && clash.id !== id) throw unitCostNameTaken();
        const row = await repo.updateUnitCost(tx, id, expected, { ...body, name: body.name.trim() }, actor.now());
        if (!row) throw staleVersion();
        await actor.audit(tx, {
          action: 'unit_cost.update',
          resourceType: 'unit_cost',
          resourceId: id,
          personId: null,
        });
        return unitCostView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw unitCostNameTaken();
      throw error;
    }
  }

  /** Retired, not deleted: plan lines priced from it keep their meaning. */
  async retireUnitCost(actor: Actor, id: string, expected: number) {
    return this.db.transaction(async (tx) => {
      const current = await repo.unitCost(tx, id);
      if (!current) throw unitCostNotFound();
      if (current.retiredAt) throw unitCostRetired();
      const row = await repo.updateUnitCost(tx, id, expected, { retiredAt: actor.now() }, actor.now());
      if (!row) throw staleVersion();
      await actor.audit(tx, { action: 'unit_cost.retire', resourceType: 'unit_cost', resourceId: id, personId: null });
      return unitCostView(row);
    });
  }
}
