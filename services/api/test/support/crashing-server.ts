// The API as src/server.ts starts it, plus two places a test can make it die at once (SIGKILL,
// no cleanup) — to prove what a real crash leaves behind. Never part of the product.
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/database.js';

const config = loadConfig();
const database = await openDatabase(config);
const app = await buildApp({ config, db: database.client });
// After the handler's work, before its answer is stored or sent.
app.addHook('preSerialization', async (request, _reply, payload) => {
  if (request.headers['x-test-crash'] === 'after-handler') process.kill(process.pid, 'SIGKILL');
  return payload;
});
// After every earlier onSend hook (the idempotency plugin's commit among them), before a byte is sent.
app.addHook('onSend', async (request, _reply, payload) => {
  if (request.headers['x-test-crash'] === 'after-commit') process.kill(process.pid, 'SIGKILL');
  return payload;
});
await app.listen({ host: config.HOST, port: config.PORT });
