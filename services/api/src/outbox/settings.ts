import type { Config } from '../config.js';

/** How outgoing webhooks behave, from configuration (see the README's configuration table). */
export interface OutboxSettings {
  allowPrivate: boolean;
  timeoutMs: number;
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  dispatchIntervalMs: number;
  pollIntervalMs: number;
  concurrency: number;
}

export function outboxSettings(config: Config): OutboxSettings {
  return {
    allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE,
    timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
    retryLimit: config.WEBHOOKS_RETRY_LIMIT,
    retryDelaySeconds: config.WEBHOOKS_RETRY_DELAY_SECONDS,
    retryBackoff: config.WEBHOOKS_RETRY_BACKOFF,
    dispatchIntervalMs: config.WEBHOOKS_DISPATCH_INTERVAL_MS,
    pollIntervalMs: config.WEBHOOKS_POLL_INTERVAL_MS,
    concurrency: config.WEBHOOKS_CONCURRENCY,
  };
}
