import cluster, { type Worker } from 'node:cluster';

/**
 * `WEB_CONCURRENCY` above 1: this process only forks that many API processes, which share the
 * listening port (Node's cluster module hands connections out round-robin). Each is a whole
 * instance — its own pools, workers and caches — as if started on its own: anything shared lives in
 * PostgreSQL (sessions, jobs, rate limits, idempotency keys; the principal cache is emptied across
 * instances by LISTEN/NOTIFY), so N here behaves as N instances behind a load balancer.
 *
 * SIGTERM goes on to every instance (Ctrl-C reaches them all by itself), each shutting down
 * gracefully; the primary exits once all have. An instance that dies after it was serving is replaced; one that dies before it ever
 * listened (bad configuration, no database) stops the rest, and the primary exits with its code.
 */
export function runInstances(count: number, log: (message: string) => void = console.log): void {
  let stopping = false;
  let exitCode = 0;
  const listened = new Set<number>();
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of alive()) worker.process.kill(signal);
    if (alive().length === 0) process.exit(exitCode);
  };
  cluster.on('listening', (worker) => {
    listened.add(worker.id);
    if (listened.size === count) log(`${count} API instances are serving (WEB_CONCURRENCY=${count})`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) process.exit(exitCode);
      return;
    }
    if (!listened.has(worker.id)) {
      exitCode = code || 1;
      log(`an API instance failed to start (exit ${signal ?? code}); stopping the others`);
      stopAll('SIGTERM');
      return;
    }
    log(`API instance ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  // Ctrl-C reaches every process of the group already: just wait for the instances to stop.
  process.on('SIGINT', () => {
    stopping = true;
  });
  for (let i = 0; i < count; i++) cluster.fork();
}
