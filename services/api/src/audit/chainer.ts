import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { GENESIS_HASH, canonicalColumns, chainHash, chainedEventOf } from './event.js';

/** Any constant works; it only has to be the same for every instance of the API. */
export const CHAINER_LOCK_KEY = 7_301_142_015;

export interface AuditChainerOptions {
  /** Opens the chainer's own session: the advisory lock lives and dies with it. */
  connect: () => Promise<pg.Client>;
  /** Pause between rounds when there is nothing left to chain. */
  intervalMs?: number;
  /** Events read and appended per statement. */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

interface Tip {
  position: number;
  hash: string;
  /** Every event of a transaction below this txid is chained at or before `position`. */
  floor: number;
}

/**
 * Appends `audit_chain` off the request path: requests only insert events, and this worker links
 * them, in `seq` order, once their transactions are settled. Only one chainer works at a time
 * across every instance (a session advisory lock); the others wait their turn.
 *
 * Transactions commit out of `seq` order, so an event is chained only when its transaction id is
 * below the oldest transaction still running in this database (`settledBelow`): by then it is
 * committed and visible, or rolled back for good. An event whose transaction commits late is appended later,
 * at a position after events with a higher `seq`. Each chain row also stores the txid below
 * which everything was chained (its floor), so a new chainer resumes with a narrow search.
 */
/**
 * The txid below which every transaction that could have written to this database's trail has
 * committed or rolled back. Only a transaction connected to this database (or prepared in it) can
 * insert its audit rows, so transactions running in the server's other databases — another
 * practice's, a long index build, a benchmark's seed — do not hold this chain back, as the
 * server-wide oldest running transaction (`txid_snapshot_xmin`) would.
 *
 * Two statements, in this order: the snapshot first, then which session holds which transaction id
 * now. Both read the same place, the server's list of running transactions (a session's
 * `backend_xid` is its entry there), so a transaction running at the snapshot is, at the second
 * read, either still listed under its session and database or ended; one that takes an id after the
 * snapshot takes one at or above its xmax, which is above every horizon this answers. Read the other
 * way round, a transaction starting between the two reads would be missed. (The lock a transaction
 * takes on its own id is no substitute: it is taken a moment after the id is listed.)
 */
export async function settledBelow(client: Pick<pg.Client, 'query'>): Promise<number> {
  const { rows: snap } = await client.query<{ snapshot: string }>('select txid_current_snapshot()::text as snapshot');
  const { rows } = await client.query<{ horizon: string }>(
    // backend_xid and pg_prepared_xacts give 32-bit xids, the snapshot's in-progress list 64-bit
    // txids, hence the modulus. Every role sees every session's database and backend_xid.
    `with here as (
       select a.backend_xid::text::bigint as xid from pg_stat_activity a
        where a.backend_xid is not null and a.datname = current_database()
       union all
       select p.transaction::text::bigint from pg_prepared_xacts p where p.database = current_database()
     )
     select coalesce(
       (select min(x) from txid_snapshot_xip($1::txid_snapshot) x where x % 4294967296 in (select xid from here)),
       txid_snapshot_xmax($1::txid_snapshot)
     )::text as horizon`,
    [snap[0]!.snapshot],
  );
  return Number(rows[0]!.horizon);
}

export class AuditChainer {
  private client: pg.Client | undefined;
  private locked = false;
  private tip: Tip | undefined;
  private turn: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly intervalMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: AuditChainerOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 2000;
  }

  /** Whether this chainer holds the lock (after its first round). */
  get holdsLock(): boolean {
    return this.locked;
  }

  /** Chains in the background every `intervalMs` until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const round = async () => {
      try {
        await this.chainPending();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (this.running) this.timer = setTimeout(round, this.intervalMs);
    };
    this.timer = setTimeout(round, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.turn.catch(() => {});
    const client = this.client;
    this.client = undefined;
    this.locked = false;
    this.tip = undefined;
    if (client) {
      // Ending the session releases the lock too; unlocking first lets another instance start at once.
      await client.query('select pg_advisory_unlock($1)', [CHAINER_LOCK_KEY]).catch(() => {});
      await client.end().catch(() => {});
    }
  }

  /**
   * Chains every settled event not chained yet and returns how many it appended; 0 when another
   * instance holds the lock. Rounds never overlap.
   */
  chainPending(): Promise<number> {
    const next = this.turn.catch(() => {}).then(() => this.round());
    this.turn = next;
    return next;
  }

  private async round(): Promise<number> {
    try {
      const client = await this.session();
      if (!client) return 0;
      return await this.appendSettled(client);
    } catch (error) {
      // Whatever went wrong, read the tip afresh next time; a broken session is replaced.
      this.tip = undefined;
      await this.dropSession();
      throw error;
    }
  }

  private async session(): Promise<pg.Client | undefined> {
    if (!this.client) {
      const client = await this.options.connect();
      client.on('error', () => {
        if (this.client === client) {
          this.client = undefined;
          this.locked = false;
          this.tip = undefined;
        }
      });
      this.client = client;
    }
    if (!this.locked) {
      const { rows } = await this.client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
        CHAINER_LOCK_KEY,
      ]);
      this.locked = rows[0]?.locked === true;
      // Someone else may have chained since we last held the lock.
      this.tip = undefined;
    }
    return this.locked ? this.client : undefined;
  }

  private async dropSession(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.locked = false;
    await client?.end().catch(() => {});
  }

  private async readTip(client: pg.Client): Promise<Tip> {
    // Ordered by the column, not by its text form ('9' sorts after '30').
    const { rows } = await client.query<{ position: string; hash: string; floor: string }>(
      'select c.position::text as position, c.hash, c.chained_below_txid::text as floor from audit_chain c order by c.position desc limit 1',
    );
    const row = rows[0];
    return row
      ? { position: Number(row.position), hash: row.hash, floor: Number(row.floor) }
      : { position: 0, hash: GENESIS_HASH, floor: 0 };
  }

  private async appendSettled(client: pg.Client): Promise<number> {
    this.tip ??= await this.readTip(client);
    const horizon = await settledBelow(client);
    let appended = 0;
    for (;;) {
      const { rows } = await client.query({
        name: 'audit_chain_settled',
        text: `select ${canonicalColumns('e')} from audit_events e
          where e.txid >= $1 and e.txid < $2
            and not exists (select 1 from audit_chain c where c.seq = e.seq)
          order by e.seq limit $3`,
        values: [this.tip.floor, horizon, this.batchSize],
      });
      if (rows.length === 0) break;
      const positions: number[] = [];
      const seqs: number[] = [];
      const hashes: string[] = [];
      let position: number = this.tip.position;
      let hash: string = this.tip.hash;
      for (const raw of rows) {
        const event = chainedEventOf(raw);
        position += 1;
        hash = chainHash(hash, event);
        positions.push(position);
        seqs.push(event.seq);
        hashes.push(hash);
      }
      await client.query({
        name: 'audit_chain_append',
        text: `insert into audit_chain (position, seq, hash, chained_below_txid)
          select p, s, h, $4 from unnest($1::bigint[], $2::bigint[], $3::text[]) as t(p, s, h)`,
        values: [positions, seqs, hashes, this.tip.floor],
      });
      this.tip = { position, hash, floor: this.tip.floor };
      appended += rows.length;
      if (rows.length < this.batchSize) break;
    }
    // Everything below the horizon is now chained; later rounds need only look above it.
    this.tip = { ...this.tip, floor: Math.max(this.tip.floor, horizon) };
    return appended;
  }
}

/**
 * A session of its own for the chainer, on the same server as the API's pool and acting as the
 * same role (the one that may only insert and read the audit trail).
 */
export async function dedicatedSession(pool: pg.Pool): Promise<() => Promise<pg.Client>> {
  const { rows } = await pool.query<{ role: string; login: string }>(
    'select current_user as role, session_user as login',
  );
  const { role, login } = rows[0]!;
  const { max: _max, idleTimeoutMillis: _idle, ...settings } = pool.options;
  return async () => {
    const client = new pg.Client({ ...settings, application_name: 'threefold-audit-chainer' });
    await client.connect();
    if (role !== login) await client.query(`set role ${pg.escapeIdentifier(role)}`);
    return client;
  };
}

/** The background worker registered in workers.ts. */
export async function startAuditChainer(app: FastifyInstance): Promise<{ name: string; stop(): Promise<void> }> {
  const chainer = new AuditChainer({
    connect: await dedicatedSession(app.dbClient.pool),
    onError: (error) => app.log.error({ err: error }, 'audit chainer round failed'),
  });
  chainer.start();
  return { name: 'audit-chainer', stop: () => chainer.stop() };
}
