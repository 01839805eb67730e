import { parseArgs } from 'node:util';

/**
 * The command's own arguments. `pnpm admin:create -- --email …` (as the README writes it)
 * passes the `--` through to the script under pnpm 10 and later; a leading `--` is dropped so
 * both forms work.
 */
export function cliArgs(argv: string[] = process.argv.slice(2)): string[] {
  return argv[0] === '--' ? argv.slice(1) : argv;
}

export function createAdminArgs(argv?: string[]) {
  return parseArgs({ args: cliArgs(argv), options: { email: { type: 'string' }, name: { type: 'string' } } }).values;
}

export function seedArgs(argv?: string[]) {
  return parseArgs({
    args: cliArgs(argv),
    options: {
      seed: { type: 'string', default: '1' },
      people: { type: 'string', default: '500' },
      organisations: { type: 'string', default: '40' },
      days: { type: 'string', default: '90' },
      'contacts-per-day': { type: 'string', default: '14' },
    },
  }).values;
}
