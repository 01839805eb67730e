import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { runInstances } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedInUseError, openDatabase } from './database.js';
import { hasAdministrator, startupLine } from './platform/first-run.js';
import { shutdownInOrder } from './plugins/lifecycle.js';
import { startWorkers } from './workers.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    runInstances(config.WEB_CONCURRENCY);
    return;
  }
  const database = await openDatabase(config, (m) => console.log(m));
  const app = await buildApp({ config, db: database.client, replica: database.replica });

  const workers = await startWorkers(app);

  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await shutdownInOrder({ app, drainMs: config.SHUTDOWN_DRAIN_MS, workers, database });
  });

  await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info(
    { embeddedDatabase: database.embedded, console: config.SERVE_CONSOLE },
    `Threefold is listening on http://${config.HOST}:${config.PORT}`,
  );
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.PORT;
  const administrator = await hasAdministrator(database.client.db).catch(() => true);
  console.log(startupLine(config, port, administrator));
}

main().catch((error: unknown) => {
  console.error(error instanceof EmbeddedInUseError ? error.message : error);
  process.exit(1);
});
