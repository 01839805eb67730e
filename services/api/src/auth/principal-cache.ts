import pg from 'pg';

/** The channel the `notify_principal_changed` trigger speaks on (migration 0029). */
export const PRINCIPAL_CHANNEL = 'threefold_principals';
/** The listening connection's `application_name`, to tell it apart in `pg_stat_activity`. */
export const LISTENER_NAME = 'threefold-listener';

interface Entry<V> {
  value: V;
  /** Whose it is: `user:<id>` or `client:<id>`, the trigger's payload. */
  owner: string;
  /** Milliseconds (monotonic) after which the entry is not used. */
  freshUntil: number;
}

const monotonicMs = () => performance.now();

/** Every listener of this process, so a change made here is forgotten here at once (before its notification). */
const processListeners = new Set<PrincipalInvalidation>();

/**
 * Drops what this process has cached for `owner` (`user:<id>` or `client:<id>`) now. Writers call it
 * as they change a principal; other instances hear of it through the trigger's notification.
 */
export function forgetPrincipal(owner: string): void {
  for (const listener of processListeners) listener.forget(owner);
}

/**
 * A small least-recently-used map whose entries expire after `ttlMs` and can be dropped by owner.
 * Insertion order is recency order: a hit moves its key to the end, the oldest key is evicted.
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byOwner = new Map<string, Set<string>>();

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = monotonicMs,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.freshUntil <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for at most `ttlMs` (or `forMs` when shorter). */
  set(key: string, owner: string, value: V, forMs = this.ttlMs): void {
    if (this.maxEntries <= 0 || this.ttlMs <= 0) return;
    this.delete(key);
    this.entries.set(key, { value, owner, freshUntil: this.now() + Math.min(forMs, this.ttlMs) });
    let keys = this.byOwner.get(owner);
    if (!keys) this.byOwner.set(owner, (keys = new Set()));
    keys.add(key);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.byOwner.get(entry.owner);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byOwner.delete(entry.owner);
  }

  forgetOwner(owner: string): void {
    for (const key of [...(this.byOwner.get(owner) ?? [])]) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.byOwner.clear();
  }
}

export interface PrincipalInvalidationOptions {
  /** Connection settings of the pool (a dedicated client is opened with the same ones). */
  connection: pg.ClientConfig;
  log?: { warn(obj: object, msg: string): void; info?(msg: string): void };
  /** First delay before reconnecting; doubles up to 30 s. */
  reconnectMs?: number;
}

/**
 * Listens on `threefold_principals` on its own connection and drops cached principals when the
 * database says they changed — a sign-out or a disabled account on any instance reaches every
 * instance at commit. While it is not listening (starting, reconnecting, stopped) `listening` is
 * false and the caches are not consulted, so a missed notification can never keep a stale answer.
 * Each reconnection clears the caches, since notifications sent while away are lost.
 */
export class PrincipalInvalidation {
  private client: pg.Client | undefined;
  private connected = false;
  private stopped = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly caches = new Set<ExpiringLru<unknown>>();

  constructor(private readonly options: PrincipalInvalidationOptions) {
    this.retryMs = options.reconnectMs ?? 250;
    processListeners.add(this);
  }

  /** True while notifications are being received: only then may a cache answer. */
  get listening(): boolean {
    return this.connected && !this.stopped;
  }

  register<V>(cache: ExpiringLru<V>): ExpiringLru<V> {
    this.caches.add(cache as ExpiringLru<unknown>);
    return cache;
  }

  /** Drops what every cache of this process holds for `owner` (`user:<id>`, `client:<id>`). */
  forget(owner: string): void {
    for (const cache of this.caches) cache.forgetOwner(owner);
  }

  private clearAll(): void {
    for (const cache of this.caches) cache.clear();
  }

  /** Connects and listens; never throws (a failure schedules a retry and leaves caching off). */
  async start(): Promise<void> {
    if (this.stopped || this.client) return;
    const client = new pg.Client({ ...this.options.connection, application_name: LISTENER_NAME });
    this.client = client;
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.connected = false;
      this.client = undefined;
      this.clearAll();
      client.removeAllListeners();
      client.on('error', () => {});
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (error)
        this.options.log?.warn({ err: error }, 'principal cache listener lost; caching off until it reconnects');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.start();
      }, this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(30_000, this.retryMs * 2);
    };
    client.on('error', (error) => lost(error));
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== PRINCIPAL_CHANNEL) return;
      if (message.payload) this.forget(message.payload);
      else this.clearAll();
    });
    try {
      await client.connect();
      await client.query(`listen ${PRINCIPAL_CHANNEL}`);
      if (this.client !== client || this.stopped) return;
      // Anything cached before now may have missed a notification.
      this.clearAll();
      this.connected = true;
      this.retryMs = this.options.reconnectMs ?? 250;
    } catch (error) {
      lost(error as Error);
    }
  }

  /**
   * Resolves once every notification committed before the call has been handled: a round trip on
   * the listening connection (PostgreSQL sends pending notifications before answering).
   */
  async settled(): Promise<void> {
    if (this.client && this.connected) await this.client.query('select 1').catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    processListeners.delete(this);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.clearAll();
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => undefined);
    }
  }
}
