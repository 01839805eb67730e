import { postcodeCentroids, type DbOrTx } from '@threefold/db';
import { avg, count, eq, sql } from 'drizzle-orm';

export interface Centroid {
  postcode: string;
  outcode: string;
  latitude: number;
  longitude: number;
}

/** The practice's postcode table (centroids). Drizzle queries only; the handle to run on comes first. */
export const postcodeRepository = {
  /** Inserts or replaces centroids, a batch per statement. */
  async upsertCentroids(db: DbOrTx, rows: Centroid[], batch = 2000): Promise<void> {
    for (let i = 0; i < rows.length; i += batch) {
      await db
        .insert(postcodeCentroids)
        .values(rows.slice(i, i + batch))
        .onConflictDoUpdate({
          target: postcodeCentroids.postcode,
          set: {
            outcode: sql`excluded.outcode`,
            latitude: sql`excluded.latitude`,
            longitude: sql`excluded.longitude`,
          },
        });
    }
  },

  async countCentroids(db: DbOrTx): Promise<number> {
    const [row] = await db.select({ n: count() }).from(postcodeCentroids);
    return row!.n;
  },

  /** A full postcode's centroid (normalised form), or null. */
  async centroid(db: DbOrTx, postcode: string): Promise<{ latitude: number; longitude: number } | null> {
    const [row] = await db
      .select({ latitude: postcodeCentroids.latitude, longitude: postcodeCentroids.longitude })
      .from(postcodeCentroids)
      .where(eq(postcodeCentroids.postcode, postcode));
    return row ?? null;
  },

  /** The centre of an outward code: the mean of its loaded postcodes, or null when none is loaded. */
  async outcodeCentre(db: DbOrTx, outcode: string): Promise<{ latitude: number; longitude: number } | null> {
    const [row] = await db
      .select({ latitude: avg(postcodeCentroids.latitude), longitude: avg(postcodeCentroids.longitude) })
      .from(postcodeCentroids)
      .where(eq(postcodeCentroids.outcode, outcode));
    if (!row || row.latitude === null || row.longitude === null) return null;
    return { latitude: Number(row.latitude), longitude: Number(row.longitude) };
  },
};
