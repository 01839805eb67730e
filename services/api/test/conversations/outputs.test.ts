import { dateInEngland } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';

let t: TestApp;
let author: SignedIn;
let conversationId: string;

const inDays = (days: number) => dateInEngland(new Date(Date.now() + days * 86_400_000));

const outputs = {
  desiredOutcomes: ['To get back to the allotment by spring'],
  personalDevelopmentPlan: {
    goals: ['Walk to the allotment on my own'],
    steps: [
      { step: 'Try the walk with Dai on Saturdays', who: 'Megan and her neighbour Dai', byWhen: inDays(30) },
      { step: 'Ask the allotment society about a raised bed', who: 'Megan' },
    ],
  },
  circleOfSupport: {
    members: [
      { name: 'Dai', role: 'neighbour', agreed: 'Walks with her on Saturdays' },
      { name: 'Rhian', role: 'daughter', agreed: 'Rings every evening at six' },
    ],
    agreement: 'We meet at the chapel hall on the first Monday of the month.',
    reviewOn: inDays(60),
  },
  riskEnablementPlan: {
    risks: [
      {
        risk: 'A fall on the way to the allotment',
        whatMatters: 'The allotment is where she feels most herself',
        mitigations: ['Walking frame', 'Phone on her at all times'],
        who: 'Rhian',
        reviewOn: inDays(42),
      },
    ],
  },
};

beforeAll(async () => {
  t = await createTestApp();
  author = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  const personId = (
    await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: author.headers,
      payload: { givenName: 'Megan', familyName: 'Pryce', dateOfBirth: '1944-03-01' },
    })
  ).json().id;
  const story = (
    await t.app.inject({ method: 'POST', url: '/v1/stories', headers: author.headers, payload: { personId } })
  ).json().id;
  conversationId = (
    await t.app.inject({
      method: 'POST',
      url: `/v1/stories/${story}/conversations`,
      headers: author.headers,
      payload: { kind: 1 },
    })
  ).json().id;
});
afterAll(() => t.close());

async function record(body: Record<string, unknown>, etag?: string) {
  const tag =
    etag ??
    ((await t.app.inject({ method: 'GET', url: `/v1/conversations/${conversationId}`, headers: author.headers }))
      .headers.etag as string);
  return t.app.inject({
    method: 'PATCH',
    url: `/v1/conversations/${conversationId}`,
    headers: { ...author.headers, 'if-match': tag },
    payload: body,
  });
}

describe('outputs of a strengths-based conversation', () => {
  it('records desired outcomes, a development plan, a circle of support and a risk enablement plan, structured', async () => {
    const res = await record({ outputs });
    expect(res.statusCode).toBe(200);
    expect(res.json().outputs).toEqual(outputs);
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversationId}`,
      headers: author.headers,
    });
    expect(read.json().outputs).toEqual(outputs);
  });

  it('names every field that does not hold together', async () => {
    const res = await record({
      outputs: {
        personalDevelopmentPlan: { goals: [], steps: [{ step: 'Ring the society', who: '  ' }] },
        circleOfSupport: { members: [], agreement: '' },
        riskEnablementPlan: {
          risks: [
            {
              risk: 'Driving',
              whatMatters: 'Seeing her sister',
              mitigations: [],
              who: 'Rhian',
              reviewOn: '2020-01-01',
            },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'outputs.personalDevelopmentPlan.goals',
      'outputs.personalDevelopmentPlan.steps.0.who',
      'outputs.circleOfSupport.members',
      'outputs.riskEnablementPlan.risks.0.mitigations',
      'outputs.riskEnablementPlan.risks.0.reviewOn',
    ]);
    // Nothing was saved.
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversationId}`,
      headers: author.headers,
    });
    expect(read.json().outputs).toEqual(outputs);
  });

  it('refuses a risk without a review date, a member without what they agreed, and a date that is not a date', async () => {
    const noReview = await record({
      outputs: { riskEnablementPlan: { risks: [{ risk: 'x', whatMatters: 'y', mitigations: ['z'], who: 'w' }] } },
    });
    expect(noReview.statusCode).toBe(400);
    const noAgreed = await record({
      outputs: { circleOfSupport: { members: [{ name: 'Dai', role: 'neighbour' }], agreement: '' } },
    });
    expect(noAgreed.statusCode).toBe(400);
    const badDate = await record({
      outputs: { personalDevelopmentPlan: { goals: ['g'], steps: [{ step: 's', who: 'w', byWhen: '31/12/2026' }] } },
    });
    expect(badDate.statusCode).toBe(400);
  });

  it('is saved only with a current If-Match', async () => {
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/v1/conversations/${conversationId}`,
      headers: author.headers,
      payload: { outputs },
    });
    expect(missing.statusCode).toBe(428);
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/conversations/${conversationId}`,
      headers: author.headers,
    });
    const old = read.headers.etag as string;
    expect((await record({ outputs: { desiredOutcomes: ['First'] } }, old)).statusCode).toBe(200);
    const stale = await record({ outputs: { desiredOutcomes: ['Second'] } }, old);
    expect(stale.statusCode).toBe(412);
  });
});
