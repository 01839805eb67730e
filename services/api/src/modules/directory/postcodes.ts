import type { Database, DbOrTx } from '@threefold/db';
import { normalisePostcode, outwardCode, postcodeProblem } from '@threefold/domain';
import type { Actor } from '../../platform/actor.js';
import { csvInvalid, postcodeInvalid, postcodeUnknown } from './errors.js';
import { postcodeRepository, type Centroid } from './postcode-repository.js';
import type { Point } from './search.repository.js';

/** Splits one CSV line, honouring double quotes (ONS files quote every field). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** Reads postcode centroids from CSV (header names `postcode`, `latitude`, `longitude`); a bad line is refused by number. */
function readCentroids(csv: string): Centroid[] {
  const lines = csv.split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const pc = col(['postcode', 'pcds', 'pcd', 'pcd7', 'pcd8']);
  const lat = col(['latitude', 'lat']);
  const lng = col(['longitude', 'long', 'lng', 'lon']);
  if (pc < 0 || lat < 0 || lng < 0) throw csvInvalid(1, 'the header must name postcode, latitude and longitude');
  const rows = new Map<string, Centroid>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const f = csvFields(lines[i]!);
    const raw = f[pc] ?? '';
    const problem = postcodeProblem(raw);
    if (problem) throw csvInvalid(i + 1, `postcode ${problem}`);
    const latitude = Number(f[lat]);
    const longitude = Number(f[lng]);
    if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90 || f[lat] === '')
      throw csvInvalid(i + 1, 'latitude must be a number from -90 to 90');
    if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180 || f[lng] === '')
      throw csvInvalid(i + 1, 'longitude must be a number from -180 to 180');
    const postcode = normalisePostcode(raw);
    rows.set(postcode, { postcode, outcode: outwardCode(raw)!, latitude, longitude });
  }
  return [...rows.values()];
}

/**
 * A postcode's coordinates from the practice's postcode table; failing that, the centre of
 * its outward code (the mean of the loaded postcodes that share it).
 */
export async function resolvePostcode(
  db: DbOrTx,
  input: string,
  field: string,
  location: 'query' | 'body' = 'query',
): Promise<Point> {
  const trimmed = input.trim();
  // An outward code alone ("SY2") is a fair thing to search by.
  const isOutcodeOnly = /^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$/.test(trimmed.replace(/\s/g, ''));
  let outcode: string;
  if (isOutcodeOnly) {
    outcode = trimmed.replace(/\s/g, '').toUpperCase();
  } else {
    const problem = postcodeProblem(trimmed);
    if (problem) throw postcodeInvalid(field, problem, location);
    const exact = await postcodeRepository.centroid(db, normalisePostcode(trimmed));
    if (exact) return { ...exact, resolution: 'postcode' };
    outcode = outwardCode(trimmed)!;
  }
  const centre = await postcodeRepository.outcodeCentre(db, outcode);
  if (centre) return { ...centre, resolution: 'outcode' };
  throw postcodeUnknown(field, location);
}

/** The practice's postcode table, which lets the directory find services near a postcode. */
export class Postcodes {
  constructor(private readonly db: Database) {}

  /** Loads postcode centroids from CSV: all of them or, when any line is bad, none. */
  async importPostcodes(actor: Actor, csv: string) {
    const rows = readCentroids(csv);
    return this.db.transaction(async (tx) => {
      await postcodeRepository.upsertCentroids(tx, rows);
      const total = await postcodeRepository.countCentroids(tx);
      await actor.audit(tx, {
        action: 'directory.postcodes.import',
        resourceType: 'postcode_centroids',
        resourceId: String(rows.length),
        personId: null,
      });
      return { imported: rows.length, total };
    });
  }
}
