#!/usr/bin/env node
// Regenerates openapi/openapi.json and the api-client types and fails if either differs from
// what is committed: the contract, the client and the code must never drift apart.
import { execSync } from 'node:child_process';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
run('pnpm --filter @threefold/api contract');
run('pnpm --filter @threefold/api-client generate');
const drift = execSync('git status --porcelain -- openapi packages/api-client/src', { encoding: 'utf8' }).trim();
if (drift) {
  console.error(
    `The published contract or its client is out of date:\n${drift}\nRun "pnpm contract" and commit the result.`,
  );
  execSync('git --no-pager diff --stat -- openapi packages/api-client/src', { stdio: 'inherit' });
  process.exit(1);
}
console.log('contract and client are up to date');
