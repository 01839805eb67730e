import { careServices, organisations, outboxEvents } from '@threefold/db';
import { careServiceEndReasonCld, careServiceEndReasons } from '@threefold/domain';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cldEventOutcomeList } from '../../src/modules/returns/code-lists.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, uniqueName, type Caller, type TestContext } from '../support/factories.js';
import { signedOffBudget } from './fixtures.js';

let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let council: Caller;

const post = (as: Caller, url: string, payload: unknown, expect?: number, headers: Record<string, string> = {}) =>
  ctx.call(as, { method: 'POST', url, payload: payload as Record<string, unknown>, headers }, expect);
const get = (as: Caller, url: string, expect?: number) => ctx.call(as, { method: 'GET', url }, expect);

async function provider(fields: Record<string, unknown> = {}) {
  return (await post(admin, '/v1/providers', { name: uniqueName('Kind Care'), ...fields }, 201)).json();
}

async function budgetFor(
  personId?: string,
  extra: Parameters<typeof signedOffBudget>[1] extends infer O ? Partial<O> : never = {},
) {
  const pid = personId ?? (await ctx.newPerson()).id;
  return signedOffBudget(ctx.db, { personId: pid, byId: worker.user.id, ...extra });
}

async function events(subjectIds: string[]) {
  return ctx.db.db.select().from(outboxEvents).where(inArray(outboxEvents.subjectId, subjectIds));
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('social_worker');
  council = await ctx.council(['decisions:read', 'charging:write']);
});
afterAll(() => ctx.close());

describe('providers', () => {
  it('are added by administrators with a CQC location id, readable by staff, not by the council', async () => {
    const [org] = await ctx.db.db
      .insert(organisations)
      .values({ name: uniqueName('Directory org') })
      .returning();
    const p = await provider({
      cqcLocationId: '1-123456789',
      address: '1 High St, Ludlow',
      postcode: 'SY8 1AA',
      servicesOffered: ['Home care'],
      directoryOrganisationId: org!.id,
    });
    expect(p).toMatchObject({ cqcLocationId: '1-123456789', status: 'active', directoryOrganisationId: org!.id });
    const read = await get(worker, `/v1/providers/${p.id}`, 200);
    expect(read.json().servicesOffered).toEqual(['Home care']);
    const listed = await get(worker, `/v1/providers?q=1-123456789`, 200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    await post(worker, '/v1/providers', { name: 'Not allowed' }, 403);
    await get(council, '/v1/providers', 403);
  });

  it('refuses a malformed CQC location id, a taken one, and an unknown directory organisation', async () => {
    const bad = await post(admin, '/v1/providers', { name: 'X', cqcLocationId: '2-12345' }, 400);
    expect(JSON.stringify(bad.json().errors)).toContain('cqcLocationId');
    await provider({ cqcLocationId: '1-555000111' });
    const taken = await post(admin, '/v1/providers', { name: 'Y', cqcLocationId: '1-555000111' }, 409);
    expect(taken.json().code).toBe('cqc_location_id_taken');
    const unknown = await post(
      admin,
      '/v1/providers',
      { name: 'Z', directoryOrganisationId: '00000000-0000-4000-8000-000000000000' },
      400,
    );
    expect(unknown.json().errors[0].field).toBe('directoryOrganisationId');
  });

  it('are changed under If-Match, suspended and reinstated', async () => {
    const p = await provider();
    const etag = `"${p.id}.v${p.version}"`;
    const changed = await ctx.call(
      admin,
      {
        method: 'PATCH',
        url: `/v1/providers/${p.id}`,
        payload: { phone: '01584 000000' },
        headers: { 'if-match': etag },
      },
      200,
    );
    expect(changed.json().phone).toBe('01584 000000');
    await ctx.call(
      admin,
      { method: 'PATCH', url: `/v1/providers/${p.id}`, payload: { phone: '1' }, headers: { 'if-match': etag } },
      412,
    );
    const suspended = await post(admin, `/v1/providers/${p.id}/suspend`, { reason: 'CQC inadequate rating' }, 200);
    expect(suspended.json()).toMatchObject({ status: 'suspended', suspendedReason: 'CQC inadequate rating' });
    expect((await post(admin, `/v1/providers/${p.id}/suspend`, { reason: 'again' }, 409)).json().code).toBe(
      'provider_suspended',
    );
    expect((await post(admin, `/v1/providers/${p.id}/reinstate`, {}, 200)).json().status).toBe('active');
  });
});

describe('care services', () => {
  it('every end reason maps to a Client Level Data release 2 event outcome', () => {
    for (const reason of careServiceEndReasons) {
      expect(cldEventOutcomeList as readonly string[]).toContain(careServiceEndReasonCld[reason]);
    }
  });

  it('start, suspend for a hospital stay, resume and end — with events, readable by the council', async () => {
    const budget = await budgetFor();
    const p = await provider();
    const started = await post(
      worker,
      '/v1/care-services',
      {
        budgetId: budget.id,
        part: 'council_managed',
        planLine: 0,
        providerId: p.id,
        weeklyPence: 17_150,
        startOn: '2026-01-05',
      },
      201,
    );
    const s = started.json();
    expect(s).toMatchObject({
      what: 'Help to get up and washed',
      provider: { id: p.id },
      weeklyPence: 17_150,
      fourWeeklyPence: 68_600,
      annualPence: 891_800,
      endOn: null,
    });
    const suspended = await post(
      worker,
      `/v1/care-services/${s.id}/suspend`,
      { from: '2026-02-01', reason: 'hospital_stay', note: 'Admitted to the Royal Shrewsbury' },
      200,
    );
    expect(suspended.json().suspensions).toEqual([
      { from: '2026-02-01', to: null, reason: 'hospital_stay', note: 'Admitted to the Royal Shrewsbury' },
    ]);
    const resumed = await post(worker, `/v1/care-services/${s.id}/resume`, { on: '2026-02-15' }, 200);
    expect(resumed.json().suspensions[0].to).toBe('2026-02-14');
    const ended = await post(worker, `/v1/care-services/${s.id}/end`, { on: '2026-03-29', reason: 'needs_met' }, 200);
    expect(ended.json()).toMatchObject({
      endOn: '2026-03-29',
      endReason: 'needs_met',
      endReasonCld: 'NFA: Support ended as planned',
      status: 'ended',
    });

    const chronology = (await get(worker, `/v1/people/${budget.personId}/chronology`, 200)).json();
    const kinds = chronology.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['care_service_started', 'care_service_ended']));
    expect(JSON.stringify(chronology)).toContain('Service ended: needs met');

    const types = (await events([s.id])).map((e) => e.type).sort();
    expect(types).toEqual([
      'care_service.ended',
      'care_service.resumed',
      'care_service.started',
      'care_service.suspended',
    ]);

    const listed = await get(council, `/v1/care-services?personId=${budget.personId}`, 200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([s.id]);
    await get(council, `/v1/care-services/${s.id}`, 200);

    // 12 weeks from 5 Jan to 29 Mar, two of them in hospital: 10 weeks paid, exactly.
    const statement = await get(
      council,
      `/v1/personal-budgets/${budget.id}/statement?from=2026-01-05&to=2026-03-29`,
      200,
    );
    expect(statement.json()).toMatchObject({ days: 84, totalPence: 171_500, personPence: 0, councilPence: 171_500 });
  });

  it('refuses a draft budget, a part it does not have, a suspended provider and a missing provider', async () => {
    const draft = await budgetFor(undefined, { status: 'draft' });
    const p = await provider();
    const base = { part: 'council_managed', providerId: p.id, weeklyPence: 100, startOn: '2026-01-05' };
    expect((await post(worker, '/v1/care-services', { ...base, budgetId: draft.id }, 409)).json().code).toBe(
      'budget_not_signed_off',
    );
    const budget = await budgetFor();
    const noPart = await post(
      worker,
      '/v1/care-services',
      { ...base, budgetId: budget.id, part: 'individual_service_fund' },
      409,
    );
    expect(noPart.json()).toMatchObject({ code: 'part_not_in_budget', errors: [{ field: 'part' }] });
    const early = await post(worker, '/v1/care-services', { ...base, budgetId: budget.id, startOn: '2026-01-04' }, 409);
    expect(early.json().code).toBe('start_before_budget');
    const noProvider = await post(worker, '/v1/care-services', { ...base, budgetId: budget.id, providerId: null }, 400);
    expect(noProvider.json().errors[0].field).toBe('providerId');
    await post(admin, `/v1/providers/${p.id}/suspend`, { reason: 'Closed' }, 200);
    const suspended = await post(worker, '/v1/care-services', { ...base, budgetId: budget.id }, 409);
    expect(suspended.json()).toMatchObject({ code: 'provider_suspended', errors: [{ field: 'providerId' }] });
    // A direct payment needs no provider.
    await post(
      worker,
      '/v1/care-services',
      { ...base, budgetId: budget.id, part: 'direct_payment', providerId: null },
      201,
    );
    const written = await ctx.db.db.select().from(careServices).where(eq(careServices.budgetId, budget.id));
    expect(written).toHaveLength(1);
  });

  it('refuses amounts that are not whole pence or negative, and unknown fields, naming the field', async () => {
    const budget = await budgetFor();
    const base = { budgetId: budget.id, part: 'direct_payment', startOn: '2026-01-05' };
    for (const weeklyPence of [10.5, -1]) {
      const res = await post(worker, '/v1/care-services', { ...base, weeklyPence }, 400);
      expect(JSON.stringify(res.json().errors)).toContain('weeklyPence');
    }
    await post(worker, '/v1/care-services', { ...base, weeklyPence: 1, colour: 'red' }, 400);
  });

  it('refuses overlapping services of one part; a change of plan ends the old one and starts the new', async () => {
    const budget = await budgetFor();
    const p = await provider();
    const base = { budgetId: budget.id, part: 'council_managed', planLine: 0, providerId: p.id };
    const first = (
      await post(worker, '/v1/care-services', { ...base, weeklyPence: 17_150, startOn: '2026-01-05' }, 201)
    ).json();
    const overlap = await post(
      worker,
      '/v1/care-services',
      { ...base, weeklyPence: 20_000, startOn: '2026-03-01' },
      409,
    );
    expect(overlap.json()).toMatchObject({ code: 'services_overlap', errors: [{ field: 'startOn' }] });
    // Another plan line of the same part is a different thing: it may run alongside.
    await post(worker, '/v1/care-services', { ...base, planLine: 1, weeklyPence: 4_200, startOn: '2026-01-05' }, 201);

    const next = await post(
      worker,
      '/v1/care-services',
      { ...base, weeklyPence: 20_000, startOn: '2026-03-01', replacesId: first.id },
      201,
    );
    expect(next.json().replacesId).toBe(first.id);
    const old = (await get(worker, `/v1/care-services/${first.id}`, 200)).json();
    expect(old).toMatchObject({ endOn: '2026-02-28', endReason: 'replaced_by_new_plan', weeklyPence: 17_150 });

    const list = (await get(worker, `/v1/care-services?budgetId=${budget.id}`, 200)).json();
    expect(list.items).toHaveLength(3);
  });

  it('refuses lifecycle steps out of order, each with its rule and field', async () => {
    const budget = await budgetFor();
    const s = (
      await post(
        worker,
        '/v1/care-services',
        { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-02-01' },
        201,
      )
    ).json();
    const code = async (url: string, body: unknown) => (await post(worker, url, body, 409)).json();
    expect(await code(`/v1/care-services/${s.id}/resume`, { on: '2026-02-10' })).toMatchObject({
      code: 'service_not_suspended',
    });
    expect(
      await code(`/v1/care-services/${s.id}/suspend`, { from: '2026-01-31', reason: 'hospital_stay' }),
    ).toMatchObject({
      code: 'suspension_before_start',
      errors: [{ field: 'from' }],
    });
    expect(await code(`/v1/care-services/${s.id}/end`, { on: '2026-01-31', reason: 'declined' })).toMatchObject({
      code: 'end_before_start',
      errors: [{ field: 'on' }],
    });
    await post(worker, `/v1/care-services/${s.id}/suspend`, { from: '2026-03-01', reason: 'hospital_stay' }, 200);
    expect(await code(`/v1/care-services/${s.id}/suspend`, { from: '2026-03-05', reason: 'other' })).toMatchObject({
      code: 'service_suspended',
    });
    // Ending while in hospital closes the suspension on the last day.
    const ended = await post(worker, `/v1/care-services/${s.id}/end`, { on: '2026-03-10', reason: 'deceased' }, 200);
    expect(ended.json().suspensions[0].to).toBe('2026-03-10');
    expect(ended.json().endReasonCld).toBe('NFA: Deceased');
    expect(await code(`/v1/care-services/${s.id}/end`, { on: '2026-03-11', reason: 'deceased' })).toMatchObject({
      code: 'service_ended',
    });
    await post(
      worker,
      '/v1/care-services/00000000-0000-4000-8000-000000000000/end',
      { on: '2026-03-11', reason: 'deceased' },
      404,
    );
  });
});

describe('the council’s financial assessments and the statement', () => {
  it('records the contribution by date (idempotently), refuses one before the first service, and splits the statement', async () => {
    // Known as "Chr", a truncation of her given name: the letter greets her as the records do.
    const familyName = uniqueName('Statement');
    const christine = await ctx.newPerson({ givenName: 'Christine', preferredName: 'Chr', familyName });
    const budget = await budgetFor(christine.id);
    const pid = budget.personId;
    const url = `/v1/people/${pid}/financial-assessments`;
    const early = await post(council, url, { weeklyContributionPence: 3_000, effectiveFrom: '2026-01-05' }, 409);
    expect(early.json()).toMatchObject({
      code: 'contribution_before_first_service',
      errors: [{ field: 'effectiveFrom' }],
    });

    await post(
      worker,
      '/v1/care-services',
      { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-01-05' },
      201,
    );
    const before = await post(council, url, { weeklyContributionPence: 3_000, effectiveFrom: '2026-01-04' }, 409);
    expect(before.json().code).toBe('contribution_before_first_service');

    const key = { 'idempotency-key': crypto.randomUUID() };
    const a = await post(
      council,
      url,
      { weeklyContributionPence: 3_000, effectiveFrom: '2026-01-05', reference: 'FA-1' },
      201,
      key,
    );
    const again = await post(
      council,
      url,
      { weeklyContributionPence: 3_000, effectiveFrom: '2026-01-05', reference: 'FA-1' },
      201,
      key,
    );
    expect(again.json().id).toBe(a.json().id);
    await post(council, url, { weeklyContributionPence: 5_000, effectiveFrom: '2026-02-02' }, 201);
    await post(council, url, { weeklyContributionPence: 1.5, effectiveFrom: '2026-02-02' }, 400);
    await post(worker, url, { weeklyContributionPence: 1, effectiveFrom: '2026-02-02' }, 403);

    const changes = (await events([pid])).filter((e) => e.type === 'contribution.changed');
    expect(changes.map((e) => e.data.weeklyPence)).toEqual([3_000, 5_000]);

    // 5 Jan – 1 Mar: 8 weeks of £42; 4 weeks at £30 then 4 at £50 from the person.
    const st = (
      await get(worker, `/v1/personal-budgets/${budget.id}/statement?from=2026-01-05&to=2026-03-01`, 200)
    ).json();
    expect(st).toMatchObject({ totalPence: 33_600, personPence: 32_000, councilPence: 1_600 });
    expect(st.asAt).toEqual({
      on: '2026-03-01',
      services: { weeklyPence: 4_200, fourWeeklyPence: 16_800, annualPence: 218_400 },
      personContribution: { weeklyPence: 5_000, fourWeeklyPence: 20_000, annualPence: 260_000 },
    });
    // The person never pays more than the services cost.
    const later = (
      await get(worker, `/v1/personal-budgets/${budget.id}/statement?from=2026-03-02&to=2026-03-29`, 200)
    ).json();
    expect(later).toMatchObject({ totalPence: 16_800, personPence: 16_800, councilPence: 0 });
    const html = await get(
      worker,
      `/v1/personal-budgets/${budget.id}/statement/print?from=2026-01-05&to=2026-03-01`,
      200,
    );
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Your personal budget statement');
    expect(html.body).toContain('Your support cost £336.00 over these days.');
    expect(html.body).toContain('the council paid £16.00');
    expect(html.body).toContain(`Dear Christine ${familyName},`);
    expect(html.body).not.toContain('Chr ');
    const pdf = await get(
      worker,
      `/v1/personal-budgets/${budget.id}/statement/print?from=2026-01-05&to=2026-03-01&format=pdf`,
      200,
    );
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await get(council, `/v1/personal-budgets/${budget.id}/statement/print?from=2026-01-05&to=2026-03-01`, 403);
    const bad = await get(worker, `/v1/personal-budgets/${budget.id}/statement?from=2026-03-02&to=2026-03-01`, 400);
    expect(bad.json().errors[0].field).toBe('to');
  });
});

describe('direct payment agreements', () => {
  it('record the holder, start and frequency, and put the first monitoring review on the budget', async () => {
    const budget = await budgetFor();
    const url = `/v1/personal-budgets/${budget.id}/direct-payment-agreement`;
    await get(worker, url, 404);
    const missingName = await post(
      worker,
      url,
      { holder: 'nominated_person', startOn: '2026-01-05', paymentFrequency: 'four_weekly' },
      400,
    );
    expect(missingName.json().errors[0].field).toBe('holderName');
    const s32 = await post(
      worker,
      url,
      { holder: 'suitable_person', holderName: 'Jo Hope', startOn: '2026-01-05', paymentFrequency: 'four_weekly' },
      409,
    );
    expect(s32.json()).toMatchObject({ code: 'holder_not_s32', errors: [{ field: 'holder' }] });

    const made = await post(
      worker,
      url,
      { holder: 'nominated_person', holderName: 'Jo Hope', startOn: '2026-01-05', paymentFrequency: 'four_weekly' },
      201,
    );
    // 8 weeks after the start: the end of the first-review window.
    expect(made.json()).toMatchObject({
      holder: 'nominated_person',
      holderName: 'Jo Hope',
      monitoringReviewOn: '2026-03-02',
    });
    const reviews = (await get(worker, `/v1/reviews?budgetId=${budget.id}`, 200)).json();
    expect(JSON.stringify(reviews)).toContain(made.json().reviewId);
    expect((await get(council, url, 200)).json().id).toBe(made.json().id);
    expect(
      (await post(worker, url, { holder: 'person', startOn: '2026-01-05', paymentFrequency: 'weekly' }, 409)).json()
        .code,
    ).toBe('agreement_exists');
  });

  it('are refused for a budget with no direct payment part', async () => {
    const budget = await budgetFor(undefined, {
      management: { method: 'council_managed', directPayment: null, parts: [] },
    });
    const res = await post(
      worker,
      `/v1/personal-budgets/${budget.id}/direct-payment-agreement`,
      { holder: 'person', startOn: '2026-01-05', paymentFrequency: 'weekly' },
      409,
    );
    expect(res.json().code).toBe('part_not_in_budget');
  });
});

describe('the end of support', () => {
  it('ends open stories, services, reviews and tasks in one action, and tells the council', async () => {
    const budget = await budgetFor();
    const pid = budget.personId;
    const p = await provider();
    const live = (
      await post(
        worker,
        '/v1/care-services',
        { budgetId: budget.id, part: 'council_managed', providerId: p.id, weeklyPence: 17_150, startOn: '2026-01-05' },
        201,
      )
    ).json();
    const over = (
      await post(
        worker,
        '/v1/care-services',
        { budgetId: budget.id, part: 'direct_payment', weeklyPence: 4_200, startOn: '2026-01-05' },
        201,
      )
    ).json();
    await post(worker, `/v1/care-services/${over.id}/end`, { on: '2026-01-31', reason: 'declined' }, 200);
    await post(worker, `/v1/care-services/${live.id}/suspend`, { from: '2026-02-20', reason: 'hospital_stay' }, 200);
    const agreement = (
      await post(
        worker,
        `/v1/personal-budgets/${budget.id}/direct-payment-agreement`,
        { holder: 'person', startOn: '2026-01-05', paymentFrequency: 'weekly' },
        201,
      )
    ).json();
    const task = (
      await post(worker, '/v1/tasks', { title: 'Ring about the day centre', dueOn: '2026-12-31', personId: pid }, 201)
    ).json();

    const ended = await post(
      worker,
      `/v1/people/${pid}/end-of-support`,
      { reason: 'deceased', on: '2026-02-25', note: 'Died in hospital' },
      201,
    );
    expect(ended.json()).toMatchObject({
      reason: 'deceased',
      on: '2026-02-25',
      storiesClosed: [budget.storyId],
      servicesEnded: [live.id],
      reviewsCancelled: [agreement.reviewId],
      tasksCancelled: [task.id],
    });
    const service = (await get(worker, `/v1/care-services/${live.id}`, 200)).json();
    expect(service).toMatchObject({
      endOn: '2026-02-25',
      endReason: 'deceased',
      endReasonCld: 'NFA: Deceased',
      status: 'ended',
    });
    expect(service.suspensions[0].to).toBe('2026-02-25');
    // The service already ended keeps its own end.
    expect((await get(worker, `/v1/care-services/${over.id}`, 200)).json()).toMatchObject({
      endOn: '2026-01-31',
      endReason: 'declined',
    });
    expect((await get(worker, `/v1/tasks/${task.id}`, 200)).json().status).toBe('cancelled');
    const story = (await get(worker, `/v1/stories/${budget.storyId}`, 200)).json();
    expect(JSON.stringify(story)).toContain('died');

    const types = (await events([pid])).map((e) => e.type);
    expect(types).toContain('person.deceased');
    const again = await post(
      worker,
      `/v1/people/${pid}/end-of-support`,
      { reason: 'moved_away', on: '2026-03-01' },
      409,
    );
    expect(again.json().code).toBe('support_already_ended');
  });
});
