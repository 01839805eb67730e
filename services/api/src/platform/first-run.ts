import { staffUsers, type Database } from '@threefold/db';
import { and, arrayContains, isNull } from 'drizzle-orm';
import type { Config } from '../config.js';

export const CREATE_FIRST_ADMIN = 'pnpm admin:create -- --email you@practice.example --name "Your Name"';

/** Whether any practice administrator can sign in yet. */
export async function hasAdministrator(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(arrayContains(staffUsers.roles, ['practice_admin']), isNull(staffUsers.disabledAt)))
    .limit(1);
  return rows.length > 0;
}

/**
 * The start command's last line: where to go, and — on a fresh install — the one command that
 * lets anyone in (there is no default account).
 */
export function startupLine(
  config: Pick<Config, 'HOST' | 'PORT' | 'SERVE_CONSOLE'>,
  port: number,
  administrator: boolean,
): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const where = config.SERVE_CONSOLE
    ? `Threefold is ready: the console is at ${base}/`
    : `Threefold API is ready at ${base}/ (API docs at ${base}/docs)`;
  return administrator ? where : `${where} — no administrator yet: in another terminal run ${CREATE_FIRST_ADMIN}`;
}
