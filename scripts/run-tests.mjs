#!/usr/bin/env node
// Runs every package's vitest suite with the JSON reporter beside the default one, then prints
// the sum as one plain line: "N passed, N failed". Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.test-results');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const packages = ['packages', 'services']
  .flatMap((dir) => readdirSync(path.join(root, dir)).map((name) => path.join(dir, name)))
  .concat(['web-admin'])
  .filter((dir) => {
    const manifest = path.join(root, dir, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test;
  });

let passed = 0;
let failed = 0;
const broken = [];
const failures = [];
for (const dir of packages) {
  const name = dir.replace(/[\\/]/g, '-');
  const outputFile = path.join(outDir, `${name}.json`);
  console.log(`\n── ${dir} ──`);
  const run = spawnSync(
    'pnpm',
    ['--dir', dir, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  if (!existsSync(outputFile)) {
    broken.push(`${dir} (no results: exit ${run.status})`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load counts its files as failures, so a crash never reads as green.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
  for (const file of brokenFiles) failures.push(`${path.relative(root, file.name)}: did not load`);
  for (const file of report.testResults ?? [])
    for (const test of file.assertionResults)
      if (test.status === 'failed') {
        const why = (test.failureMessages ?? []).join(' ').split('\n')[0].slice(0, 300);
        failures.push(`${path.relative(root, file.name)} › ${test.fullName}: ${why}`);
      }
  if (run.status !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) {
    broken.push(`${dir} (exit ${run.status})`);
    failed += 1;
  }
}
if (broken.length) console.log(`\nFailed to run: ${broken.join(', ')}`);
// Named again at the very end, where a log's tail shows them.
if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ passed, failed, broken, failures }));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
