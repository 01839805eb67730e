import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';
import { createAdminArgs } from './args.js';
import { StaffService } from '../modules/staff/service.js';

/**
 * Creates the first practice administrator. There is no default account or password: this
 * command generates a strong password, prints it once, and the administrator enrols an
 * authenticator (TOTP) at first sign-in.
 */
async function main(): Promise<void> {
  const values = createAdminArgs();
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email) || !values.name) {
    console.error('usage: pnpm admin:create -- --email someone@practice.example --name "Their Name"');
    process.exit(64);
  }
  const password = randomBytes(18).toString('base64url');
  const database = await openDatabase(loadConfig(), undefined, { shareRunningEmbedded: true });
  try {
    const user = await new StaffService(database.client.db).createUser(
      {
        email: values.email,
        displayName: values.name,
        password,
        roles: ['practice_admin'],
      },
      // No request behind this command: the system clock stands in for a request's moment.
      { now: () => new Date() },
    );
    console.log(`Created practice administrator ${user.email} (${user.id}).`);
    console.log(`First password (shown once; change it under My account once signed in): ${password}`);
    console.log('At first sign-in they will be asked to enrol an authenticator app.');
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
