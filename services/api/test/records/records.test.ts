import { eligibilityDeterminations, reviews } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { isRenderedPage, renderPdf } from './pdf.js';

const NOW = new Date('2026-12-02T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;
let worker: SignedIn;
let peer: SignedIn;
let person: { id: string };

const strengths = {
  personalResources: ['Sings in the chapel choir'],
  networksOfSupport: ['Neighbour Mr Evans checks in daily'],
  communityResources: ['Library on Tuesdays'],
};
const advocacy = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  admin = await ctx.signedIn('practice_admin');
  worker = await ctx.signedIn('practitioner');
  peer = await ctx.signedIn('social_worker');
  // Known as "Chr": a truncation of her given name, as some imported records hold.
  person = await ctx.newPerson(
    {
      givenName: 'Christine',
      familyName: 'Brown',
      preferredName: 'Chr',
      addressLine1: '4 Mill Lane',
      town: 'Ludlow',
      postcode: 'SY8 1AB',
    },
    worker,
  );
  const current = await ctx.call(admin, { method: 'GET', url: '/v1/reference/practice' }, 200);
  await ctx.call(
    admin,
    {
      method: 'PUT',
      url: '/v1/reference/practice',
      headers: { 'if-match': current.headers.etag as string },
      payload: {
        name: 'Teme Valley Social Work Practice',
        addressLines: ['The Old School', 'Corve Street', 'Ludlow'],
        postcode: 'sy8 1dn',
        phone: '01584 000111',
        email: 'hello@temevalley.example',
        website: null,
      },
    },
    200,
  );
});
afterAll(() => ctx.close());

async function conversationOne(): Promise<{ storyId: string; id: string }> {
  const storyId = (
    await ctx.call(worker, { method: 'POST', url: '/v1/stories', payload: { personId: person.id } }, 201)
  ).json().id as string;
  const started = await ctx.call(
    worker,
    { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind: 1 } },
    201,
  );
  await ctx.call(
    worker,
    {
      method: 'PATCH',
      url: `/v1/conversations/${started.json().id}`,
      headers: { 'if-match': started.headers.etag as string },
      payload: {
        strengths,
        advocacy,
        participants: [
          { name: 'Christine Brown', role: 'the person' },
          { name: 'Ann Brown', role: 'daughter' },
        ],
        whatMatters: 'Getting back to the garden and to choir practice on Thursdays.',
        outputs: { desiredOutcomes: ['To walk to the chapel again'] },
      },
    },
    200,
  );
  return { storyId, id: started.json().id as string };
}

describe('the practice’s details', () => {
  it('are reference data only administrators change, with If-Match', async () => {
    const got = await ctx.call(worker, { method: 'GET', url: '/v1/reference/practice' }, 200);
    expect(got.json()).toMatchObject({
      name: 'Teme Valley Social Work Practice',
      postcode: 'SY8 1DN',
      addressLines: ['The Old School', 'Corve Street', 'Ludlow'],
    });
    const refused = await ctx.call(worker, {
      method: 'PUT',
      url: '/v1/reference/practice',
      headers: { 'if-match': got.headers.etag as string },
      payload: { name: 'Mine now', addressLines: [], postcode: '', phone: '', email: '', website: null },
    });
    expect(refused.statusCode).toBe(403);
    const stale = await ctx.call(admin, {
      method: 'PUT',
      url: '/v1/reference/practice',
      headers: { 'if-match': '"practice.v1"' },
      payload: { name: 'X', addressLines: [], postcode: '', phone: '', email: '', website: null },
    });
    expect(stale.statusCode).toBe(412);
  });
});

describe('the record of a conversation', () => {
  it('is addressed to the person by her real name, signed with the practice’s address, as HTML and a rendered PDF', async () => {
    const { id } = await conversationOne();
    const html = await ctx.call(worker, { method: 'GET', url: `/v1/conversations/${id}/record` }, 200);
    expect(html.headers['content-type']).toContain('text/html');
    const page = html.body;
    expect(page).toContain('<html lang="en-GB">');
    expect(page).toContain('<h1>Record of our conversation</h1>');
    expect(page).toContain('Dear Christine Brown,');
    expect(page).not.toContain('Chr Brown');
    expect(page).toContain('Teme Valley Social Work Practice');
    expect(page).toContain('Corve Street');
    expect(page).toContain('Phone: 01584 000111');
    expect(page).toContain('Getting back to the garden and to choir practice on Thursdays.');
    expect(page).toContain('Neighbour Mr Evans checks in daily');
    expect(page).toContain('To walk to the chapel again');
    expect(page).toContain('Ann Brown:');

    const pdf = await ctx.call(worker, { method: 'GET', url: `/v1/conversations/${id}/record?format=pdf` }, 200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const printed = await renderPdf(pdf.rawPayload);
    expect(printed.pages.length).toBeGreaterThanOrEqual(1);
    expect(printed.pages.every(isRenderedPage)).toBe(true);
    expect(printed.text).toContain('Dear Christine Brown,');
    expect(printed.text).toContain('Teme Valley Social Work Practice');
    expect(printed.text).toContain('Email: hello@temevalley.example');
    expect(printed.text).toContain('What matters to you');
    expect(printed.text).toContain('Sings in the chapel choir');

    const { rows } = await ctx.db.pool.query(
      `select count(*)::int as n from audit_events where action = 'conversation.record' and resource_id = $1`,
      [id],
    );
    expect(rows[0].n).toBe(2);
  });
});

async function budgetWithPlan(): Promise<string> {
  const { storyId, id: c1 } = await conversationOne();
  await ctx.call(
    worker,
    {
      method: 'POST',
      url: `/v1/conversations/${c1}/conclude`,
      payload: { resolved: false, unresolvedReason: 'Needs more than connections can give' },
    },
    200,
  );
  await ctx.call(
    peer,
    { method: 'POST', url: `/v1/stories/${storyId}/peer-steps`, payload: { outcome: 'exhausted', why: 'Agreed' } },
    201,
  );
  const c3 = await ctx.call(
    worker,
    { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind: 3 } },
    201,
  );
  await ctx.call(
    worker,
    {
      method: 'PATCH',
      url: `/v1/conversations/${c3.json().id}`,
      headers: { 'if-match': c3.headers.etag as string },
      payload: {
        strengths,
        advocacy,
        whatMatters: 'Staying in her own home near her daughter.',
        outputs: { desiredOutcomes: ['To wash and dress each morning without rushing'] },
      },
    },
    200,
  );
  const [determination] = await ctx.db.db
    .insert(eligibilityDeterminations)
    .values({
      personId: person.id,
      kind: 'adult',
      storyId,
      conversationId: c3.json().id,
      decidedById: peer.user.id,
      inputs: {},
      eligible: true,
      reasons: {},
      eligibleNeeds: ['personal-hygiene', 'being-appropriately-clothed'],
      indicativeWeeklyPence: 25_000,
    })
    .returning();
  const created = await ctx.call(
    worker,
    {
      method: 'POST',
      url: '/v1/personal-budgets',
      payload: { conversationId: c3.json().id, determinationId: determination!.id },
    },
    201,
  );
  await ctx.call(
    worker,
    {
      method: 'PATCH',
      url: `/v1/personal-budgets/${created.json().id}`,
      headers: { 'if-match': created.headers.etag as string },
      payload: {
        goodLife: 'Mornings unhurried, afternoons in the garden.',
        planLines: [
          {
            what: 'Help to get up and washed',
            provider: 'organisation',
            providerName: 'Kind Care Ltd',
            paid: true,
            unitCostPence: 2450,
            unit: 'hour',
            unitsPerWeek: 7,
            frequency: 'weekly',
          },
          {
            what: 'Sunday lunch with her daughter',
            provider: 'family',
            providerName: 'Ann Brown',
            paid: false,
            unitCostPence: 0,
            unitsPerWeek: 1,
            frequency: 'weekly',
          },
        ],
        fundingSources: [{ kind: 'council', weeklyPence: 17_150 }],
        management: { method: 'direct_payment', directPayment: { section: 's31', conditions: ['Keep receipts'] } },
      },
    },
    200,
  );
  return created.json().id as string;
}

describe('the care and support plan', () => {
  it('holds what matters, strengths, outcomes, how needs are met and the budget, as HTML and a rendered PDF', async () => {
    const budgetId = await budgetWithPlan();
    const html = (await ctx.call(worker, { method: 'GET', url: `/v1/personal-budgets/${budgetId}/plan` }, 200)).body;
    for (const words of [
      '<h1>Your care and support plan</h1>',
      'This is a draft of your care and support plan',
      'Staying in her own home near her daughter.',
      'A good life for you: Mornings unhurried, afternoons in the garden.',
      'Sings in the chapel choir',
      'To wash and dress each morning without rushing',
      'Help to get up and washed.',
      'Kind Care Ltd, 7 hours a week: £171.50 a week.',
      'Ann Brown, 1 hour a week: no cost to your budget.',
      'Your personal budget is £171.50 a week',
      'as a direct payment',
      'Dear Christine Brown,',
    ]) {
      expect(html).toContain(words);
    }
    const pdf = await ctx.call(
      worker,
      { method: 'GET', url: `/v1/personal-budgets/${budgetId}/plan`, headers: { accept: 'application/pdf' } },
      200,
    );
    const printed = await renderPdf(pdf.rawPayload);
    expect(printed.pages.every(isRenderedPage)).toBe(true);
    expect(printed.text).toContain('How your needs will be met');
    expect(printed.text).toContain('Your personal budget is £171.50 a week');
    expect(printed.text).toContain('Teme Valley Social Work Practice');
  });

  it('and the outcome of a completed review, refused while the review is open', async () => {
    const budgetId = await budgetWithPlan();
    const [open] = await ctx.db.db
      .insert(reviews)
      .values({ budgetId, personId: person.id, kind: 'unplanned', dueFrom: '2026-12-01', dueBy: '2026-12-20' })
      .returning();
    const early = await ctx.call(worker, { method: 'GET', url: `/v1/reviews/${open!.id}/record` });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('review_not_completed');
    const [done] = await ctx.db.db
      .insert(reviews)
      .values({
        budgetId,
        personId: person.id,
        kind: 'first',
        dueFrom: '2026-11-01',
        dueBy: '2026-11-20',
        status: 'completed',
        outcome: 'partially_met',
        notes: 'Mornings are better; evenings are still lonely.',
        weeklyBeforePence: 17_150,
        weeklyAfterPence: 19_600,
        completedOn: '2026-11-15',
        completedAt: new Date('2026-11-15T12:00:00Z'),
        completedById: peer.user.id,
      })
      .returning();
    const html = (await ctx.call(worker, { method: 'GET', url: `/v1/reviews/${done!.id}/record` }, 200)).body;
    expect(html).toContain('on 15 November 2026');
    expect(html).toContain('Your plan is meeting some of your needs, but not all of them.');
    expect(html).toContain('Mornings are better; evenings are still lonely.');
    expect(html).toContain('changes from £171.50 to £196.00 a week');
    const printed = await renderPdf(
      (await ctx.call(worker, { method: 'GET', url: `/v1/reviews/${done!.id}/record?format=pdf` }, 200)).rawPayload,
    );
    expect(printed.pages.every(isRenderedPage)).toBe(true);
    expect(printed.text).toContain('The outcome of your review');
  });
});

describe('the not-eligible letter', () => {
  it('gives the advice and information it promises, with services from the directory, and greets her properly', async () => {
    await ctx.db.pool.query(
      `with o as (insert into organisations (name, kind) values ('Ludlow Good Neighbours', 'community') returning id)
       insert into directory_services (organisation_id, name, description, phone, status)
       select id, 'Friendship lunch club', 'A hot lunch and company every Wednesday.', '01584 222333', 'active' from o`,
    );
    const { storyId, id: c1 } = await conversationOne();
    await ctx.call(
      worker,
      {
        method: 'POST',
        url: `/v1/conversations/${c1}/conclude`,
        payload: { resolved: false, unresolvedReason: 'More' },
      },
      200,
    );
    await ctx.call(
      peer,
      { method: 'POST', url: `/v1/stories/${storyId}/peer-steps`, payload: { outcome: 'exhausted', why: 'Agreed' } },
      201,
    );
    const c3 = (
      await ctx.call(worker, { method: 'POST', url: `/v1/stories/${storyId}/conversations`, payload: { kind: 3 } }, 201)
    ).json().id as string;
    const made = await ctx.call(
      peer,
      {
        method: 'POST',
        url: '/v1/eligibility-determinations',
        payload: {
          conversationId: c3,
          inputs: {
            kind: 'adult',
            needsArise: true,
            condition: 'Arthritis in both knees',
            outcomes: [{ outcome: 'nutrition', unableWays: ['needs-assistance'] }],
            wellbeing: { significant: false, areas: [] },
            needsFluctuate: false,
          },
        },
      },
      201,
    );
    expect(made.json().eligible).toBe(false);
    const letter = (
      await ctx.call(worker, { method: 'GET', url: `/v1/eligibility-determinations/${made.json().id}/letter` }, 200)
    ).body;
    expect(letter).toContain('Dear Christine Brown,');
    expect(letter).toContain('Advice and information to help now');
    expect(letter).toContain('grab rails');
    expect(letter).toContain('Friendship lunch club');
    expect(letter).toContain('Phone 01584 222333.');
    expect(letter).toContain('Teme Valley Social Work Practice');
    expect(letter).not.toContain('we will give you information and advice');
    const printed = await renderPdf(
      (
        await ctx.call(
          worker,
          { method: 'GET', url: `/v1/eligibility-determinations/${made.json().id}/letter?format=pdf` },
          200,
        )
      ).rawPayload,
    );
    expect(printed.pages.every(isRenderedPage)).toBe(true);
    expect(printed.text).toContain('Friendship lunch club');
    expect(printed.text).toContain('Dear Christine Brown,');
  });
});
