import http from 'node:http';
import https from 'node:https';
import { checkDestination, guardedLookup, hostOf, type DestinationPolicy } from './destination.js';

export interface PostOutcome {
  /** The receiver's HTTP status, when it answered at all. */
  status: number | null;
  /** Why the attempt failed; null when the receiver answered 2xx. */
  error: string | null;
}

export interface PostOptions extends DestinationPolicy {
  timeoutMs: number;
}

/** How much of a receiver's answer is read before the connection is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed webhook. Success is any 2xx answer within the timeout. Redirects are not
 * followed (a redirect could lead to an address the rules forbid) and count as failures.
 */
export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostOutcome> {
  const destination = await checkDestination(rawUrl, options);
  if (!destination.ok) return { status: null, error: `destination refused: the URL ${destination.reason}` };
  const url = destination.url;
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = transport.request(
      {
        protocol: url.protocol,
        hostname: hostOf(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Threefold-Webhooks/1',
        },
        lookup: guardedLookup(options),
        // Each delivery on its own connection: no pooled socket outlives the address check.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? null;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () =>
          finish(
            status !== null && status >= 200 && status < 300
              ? { status, error: null }
              : { status, error: `the receiver answered ${status ?? 'without a status'}` },
          );
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ status: null, error: describeNetworkError(error) });
    });
    request.end(body);
  });
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  const code = error.code ? `${error.code}: ` : '';
  return `could not deliver (${code}${error.message})`.slice(0, 500);
}
