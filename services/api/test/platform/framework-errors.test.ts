import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ config: { REQUEST_TIMEOUT_MS: 1500 } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
  ms: number;
}

/** Sends bytes as given (chunks with pauses between), and reads until the server closes. */
function raw(chunks: string[], pauseMs = 0): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: rest.join('\r\n\r\n'),
        raw: text,
        ms: Date.now() - started,
      });
    });
    void (async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    })().catch(reject);
    setTimeout(() => socket.destroy(), 10_000);
  });
}

function expectProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['content-security-policy']).toBeDefined();
  const requestId = answer.headers['x-request-id'];
  expect(requestId).toBeTruthy();
  const body = JSON.parse(answer.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/g, ''));
  expect(body).toMatchObject({ status, code, requestId });
}

describe('router and HTTP parser refusals are problem documents', () => {
  it('a badly encoded URL: 400 bad_url, without echoing it', async () => {
    const answer = await raw(['GET /v1/people/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expectProblem(answer, 400, 'bad_url');
    expect(answer.raw).not.toContain('%E0%A4%A');
  });

  it('a path value over 100 characters: 414, without echoing it', async () => {
    const long = 'a'.repeat(150);
    const answer = await raw([`GET /v1/people/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    expectProblem(answer, 414, 'path_value_too_long');
    expect(answer.raw).not.toContain(long);
  });

  it('headers over 16 KB: 431', async () => {
    const answer = await raw([`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`]);
    expectProblem(answer, 431, 'headers_too_large');
    expect(answer.raw).not.toContain('bbbbbbbb');
  });

  it('bytes that are not HTTP: 400 malformed_request', async () => {
    const answer = await raw(['NOT HTTP AT ALL\r\n\r\n']);
    expectProblem(answer, 400, 'malformed_request');
  });
});

describe('request timeout', () => {
  it('answers a body sent a byte at a time 408 problem and closes the connection', async () => {
    const head =
      'POST /v1/auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n';
    const answer = await raw([head, ...Array.from({ length: 30 }, () => ' ')], 250);
    expectProblem(answer, 408, 'request_timeout');
    expect(answer.ms).toBeLessThan(5000);
  }, 15_000);
});
