import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';
import { runImportCommand } from './import-command.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, undefined, { shareRunningEmbedded: true });
  const tty = process.stdout.isTTY;
  try {
    process.exitCode = await runImportCommand(undefined, database.client, config, {
      log: (line) => console.log(tty ? `\r\x1b[K${line}` : line),
      progress: (line) => (tty ? process.stdout.write(`\r\x1b[K${line}`) : console.log(line)),
    });
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
