import type { FastifyInstance } from 'fastify';

export interface Worker {
  name: string;
  stop(): Promise<void>;
}

/**
 * Runs `work` every `everyMs` in this instance (and once at start, unless `atStart` is false), one
 * run at a time: a tick that finds the last run still going is skipped, never queued. A failure is
 * logged and the next tick tries again. `stop()` waits for a run in progress.
 */
export function startPeriodicWorker(
  app: FastifyInstance,
  options: { name: string; everyMs: number; work: () => Promise<unknown>; failure: string; atStart?: boolean },
): Worker {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = true;
    running = options
      .work()
      .catch((err: unknown) => app.log.warn({ err }, options.failure))
      .finally(() => {
        busy = false;
      });
  };
  if (options.atStart !== false) tick();
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  return {
    name: options.name,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
