import type { Role } from '@threefold/domain';
import { organisations, teams } from '@threefold/db';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp, type TestAppOptions } from './app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from './auth.js';

/** Anyone a test can act as: a signed-in colleague or a machine client's bearer headers. */
export interface Caller {
  headers: Record<string, string>;
}

export interface NewPersonFields {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  nhsNumber?: string;
  postcode?: string;
  [field: string]: unknown;
}

/**
 * A test's world, in the manner of Immich's medium-test factories: the app on its own database,
 * and one call for each thing a test needs but is not about (`ctx.signedIn('social_worker')`,
 * `ctx.newPerson()`), so each test states only what it checks.
 */
export interface TestContext extends TestApp {
  /** A colleague with these roles, signed in through the real two steps (one per distinct ask). */
  signedIn(
    roles: Role | Role[],
    options?: { teamIds?: string[]; delegatedWeeklyLimitPence?: number | null; fresh?: boolean },
  ): Promise<SignedIn>;
  /** A council system's bearer headers holding these scopes. */
  council(scopes: string[]): Promise<Caller>;
  /** A partner organisation and its client's bearer headers holding these scopes. */
  partner(scopes: string[]): Promise<Caller & { organisationId: string }>;
  newTeam(name?: string): Promise<{ id: string; name: string }>;
  /** A person recorded through `POST /v1/people` (a unique name unless given; duplicates confirmed). */
  newPerson(fields?: NewPersonFields, as?: Caller): Promise<{ id: string; version: number } & Record<string, unknown>>;
  /** `app.inject` as `as`, failing the test with the body when the answer is not `expect`. */
  call(
    as: Caller,
    request: Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> },
    expectStatus?: number,
  ): Promise<LightMyRequestResponse>;
}

let counter = 0;
/** A name no other test in the run has used, so duplicate checks never meet another test's person. */
export function uniqueName(prefix = 'Test'): string {
  counter += 1;
  return `${prefix}${String.fromCharCode(65 + (counter % 26))}${Date.now().toString(36)}${counter}`.replace(
    /\d/g,
    (d) => 'abcdefghij'.charAt(Number(d)),
  );
}

export async function createTestContext(options: TestAppOptions = {}): Promise<TestContext> {
  const t = await createTestApp(options);
  const colleagues = new Map<string, Promise<SignedIn>>();
  let defaultCaller: Promise<SignedIn> | undefined;

  const ctx: TestContext = {
    ...t,
    signedIn(roles, { fresh, ...rest } = {}) {
      const list = [roles].flat();
      const key = JSON.stringify([list, rest]);
      if (fresh) return signInAs(t.app, t.db, { roles: list, ...rest });
      let found = colleagues.get(key);
      if (!found) colleagues.set(key, (found = signInAs(t.app, t.db, { roles: list, ...rest })));
      return found;
    },
    async council(scopes) {
      return tokenFor(t.app, await createMachineClient(t.db, { kind: 'council', scopes }));
    },
    async partner(scopes) {
      const [org] = await t.db.db
        .insert(organisations)
        .values({ name: uniqueName('Partner'), kind: 'partner' })
        .returning();
      const client = await createMachineClient(t.db, { kind: 'partner', scopes, organisationId: org!.id });
      return { ...(await tokenFor(t.app, client)), organisationId: org!.id };
    },
    async newTeam(name = uniqueName('Team')) {
      const [row] = await t.db.db.insert(teams).values({ name }).returning();
      return { id: row!.id, name: row!.name };
    },
    async newPerson(fields = {}, as) {
      const caller = as ?? (await (defaultCaller ??= ctx.signedIn('practitioner')));
      const res = await ctx.call(
        caller,
        {
          method: 'POST',
          url: '/v1/people',
          // Made-up names differ only in their last letters, so the duplicate check may match two of
          // them: a factory person is always someone new (tests of that check send their own fields).
          payload: {
            givenName: uniqueName('Given'),
            familyName: uniqueName('Family'),
            confirmNotDuplicate: true,
            ...fields,
          },
        },
        201,
      );
      return res.json();
    },
    async call(as, { headers, ...request }, expectStatus) {
      const res = await t.app.inject({ ...request, headers: { ...as.headers, ...headers } } as InjectOptions);
      if (expectStatus !== undefined && res.statusCode !== expectStatus) {
        throw new Error(
          `${request.method} ${request.url} answered ${res.statusCode}, not ${expectStatus}: ${res.body}`,
        );
      }
      return res;
    },
  };
  return ctx;
}
