import { parseArgs } from 'node:util';
import { describeReport, verifyAuditChain } from '../audit/verify.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';

const usage = `Usage: audit-verify [--json] [--lag-seconds N]

Recomputes the audit hash chain from position 1 and checks every event is chained.
Exits 0 when it holds, 1 when it is broken or lagging, 2 when it could not be checked.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `pnpm audit:verify -- --json` passes the `--` along.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      json: { type: 'boolean', default: false },
      'lag-seconds': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const lagToleranceSeconds = Number(values['lag-seconds']);
  if (!Number.isInteger(lagToleranceSeconds) || lagToleranceSeconds < 0) {
    console.error('--lag-seconds must be a whole number of seconds');
    return 2;
  }
  const database = await openDatabase(loadConfig(), undefined, { shareRunningEmbedded: true });
  try {
    const report = await verifyAuditChain(database.client.pool, { lagToleranceSeconds });
    console.log(values.json ? JSON.stringify(report, null, 2) : describeReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

// Exit explicitly: the embedded server's exit hook would otherwise end the process with 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `audit-verify could not check the chain: ${error.message}` : error);
    process.exit(2);
  },
);
