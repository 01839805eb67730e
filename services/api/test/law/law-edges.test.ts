import { dateInEngland } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let admin: SignedIn;
let practitioner: SignedIn;
let socialWorker: SignedIn;
let teamId: string;
let council: Record<string, string>;

const strengths = {
  personalResources: ['Sings in the choir'],
  networksOfSupport: ['Neighbour checks in'],
  communityResources: ['Library on Tuesdays'],
};
const participants = [{ name: 'Ivy', role: 'the person' }];
const noDifficulty = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};
// Difficulty retaining information, a daughter to support her — but a possible deprivation of liberty (reg 4(2)).
const deprivation = {
  substantialDifficulty: { understanding: false, retaining: true, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
  possibleDeprivationOfLiberty: true,
};
const adultInputs = {
  kind: 'adult',
  needsArise: true,
  condition: 'Parkinson’s disease',
  outcomes: ['nutrition', 'personal-hygiene'].map((outcome) => ({ outcome, unableWays: ['needs-assistance'] })),
  wellbeing: { significant: true, areas: ['dignity'] },
  needsFluctuate: false,
};
const residence = {
  council: 'Shropshire Council',
  basis: 'deemed_specified_accommodation',
  disputed: false,
  note: '',
};

async function api(method: string, url: string, who: Record<string, string>, payload?: unknown, extra = {}) {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...who, ...extra },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  teamId = (await api('POST', '/v1/admin/teams', admin.headers, { name: 'Ludlow' })).json().id;
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'], teamIds: [teamId] });
  socialWorker = await signInAs(t.app, t.db, { roles: ['social_worker'], teamIds: [teamId] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['decisions:read'] });
  council = (await tokenFor(t.app, client)).headers;
  await api('PUT', '/v1/reference/delegated-limits', admin.headers, {
    limits: [{ role: 'social_worker', weeklyLimitPence: 100_000 }],
  });
});
afterAll(() => t.close());

async function newStory() {
  const personId = (
    await api('POST', '/v1/people', practitioner.headers, {
      givenName: 'Ivy',
      familyName: 'Hope',
      dateOfBirth: '1941-05-05',
      confirmNotDuplicate: true,
    })
  ).json().id as string;
  const story = await api('POST', '/v1/stories', practitioner.headers, { personId, teamId });
  expect(story.statusCode, story.body).toBe(201);
  return { personId, storyId: story.json().id as string };
}

const askNow = (storyId: string, body: Record<string, unknown> = {}) =>
  api('POST', `/v1/stories/${storyId}/assessment-request`, practitioner.headers, {
    requestedBy: 'person',
    reason: 'I have tried the community groups; I need help at home and want my needs assessed.',
    ...body,
  });

async function conversationThree(advocacy: Record<string, unknown> = noDifficulty) {
  const { personId, storyId } = await newStory();
  const asked = await askNow(storyId);
  expect(asked.statusCode, asked.body).toBe(201);
  const started = await api('POST', `/v1/stories/${storyId}/conversations`, practitioner.headers, { kind: 3 });
  expect(started.statusCode, started.body).toBe(201);
  const c3 = started.json().id as string;
  const recorded = await api(
    'PATCH',
    `/v1/conversations/${c3}`,
    practitioner.headers,
    { strengths, participants, advocacy },
    {
      'if-match': started.headers.etag as string,
    },
  );
  expect(recorded.statusCode, recorded.body).toBe(200);
  return { personId, storyId, c3, conversation: recorded.json() };
}

describe('asking for an assessment now (Care Act s9(3))', () => {
  it('opens conversation 3 without conversations 1 and 2 or a peer step, for that story only', async () => {
    const { storyId } = await newStory();
    const other = await newStory();
    const gated = await api('POST', `/v1/stories/${storyId}/conversations`, practitioner.headers, { kind: 3 });
    expect(gated.statusCode).toBe(409);
    expect(gated.json().code).toBe('conversation_3_gate_closed');

    const asked = await askNow(storyId, { requestedBy: 'someone_for_them', requesterName: 'Ann Hope (daughter)' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().assessmentRequest).toMatchObject({
      requestedBy: 'someone_for_them',
      requesterName: 'Ann Hope (daughter)',
      reason: expect.stringContaining('community groups'),
      recordedById: practitioner.user.id,
    });
    expect(asked.json().conversation3Gate).toEqual({ open: true, route: 'assessment_requested', unmet: [] });
    expect(asked.json().events.map((e: { kind: string }) => e.kind)).toContain('assessment_requested');

    const opened = await api('POST', `/v1/stories/${storyId}/conversations`, practitioner.headers, { kind: 3 });
    expect(opened.statusCode).toBe(201);
    // The peer gate stays for every other story.
    const stillGated = await api('POST', `/v1/stories/${other.storyId}/conversations`, practitioner.headers, {
      kind: 3,
    });
    expect(stillGated.statusCode).toBe(409);
    const otherStory = (await api('GET', `/v1/stories/${other.storyId}`, practitioner.headers)).json();
    expect(otherStory.conversation3Gate).toMatchObject({ open: false, route: 'peer_step' });
    expect(otherStory.assessmentRequest).toBeNull();
  });

  it('is recorded once, with who asked and why; bad requests change nothing', async () => {
    const { storyId } = await newStory();
    const noName = await askNow(storyId, { requestedBy: 'someone_for_them' });
    expect(noName.statusCode).toBe(400);
    expect((await askNow(storyId, { reason: '  ' })).statusCode).toBe(400);
    expect((await askNow(storyId, { colour: 'blue' })).statusCode).toBe(400);
    const story = (await api('GET', `/v1/stories/${storyId}`, practitioner.headers)).json();
    expect(story.assessmentRequest).toBeNull();
    expect((await askNow(storyId)).statusCode).toBe(201);
    const again = await askNow(storyId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('assessment_already_requested');
    const { rows } = await t.db.pool.query(
      `select action from audit_events where resource_id = $1 and action = 'story.assessment_requested'`,
      [storyId],
    );
    expect(rows).toHaveLength(1);
  });

  it('is counted in the practice data', async () => {
    const today = dateInEngland(new Date());
    const before = (
      await api('GET', `/v1/insights/practice?from=${today}&to=${today}&teamId=${teamId}`, practitioner.headers)
    ).json();
    const { storyId } = await newStory();
    await askNow(storyId);
    const res = await api(
      'GET',
      `/v1/insights/practice?from=${today}&to=${today}&teamId=${teamId}`,
      practitioner.headers,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stories.assessmentRequested).toBe(before.stories.assessmentRequested + 1);
    expect(res.json().stories.assessmentRequestedByPerson).toBe(before.stories.assessmentRequestedByPerson + 1);
  });
});

describe('the whole advocacy test', () => {
  it('a conversation with an appropriate person still needs an advocate when liberty may be deprived (reg 4(2))', async () => {
    const { c3, conversation } = await conversationThree(deprivation);
    expect(conversation.advocacyResult).toEqual({
      required: true,
      grounds: ['reg4_deprivation_of_liberty'],
      advocateRecorded: false,
    });
    const refused = await api('POST', `/v1/conversations/${c3}/conclude`, practitioner.headers, { resolved: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().rules.map((r: { code: string }) => r.code)).toContain('advocate_required');
  });

  it('a determination takes conversation 3’s test and is refused while the advocate is missing', async () => {
    const { c3 } = await conversationThree(deprivation);
    const refused = await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
      conversationId: c3,
      inputs: adultInputs,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('advocate_required');
    expect(refused.json().detail).toContain('reg 4(2)');
    const ok = await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
      conversationId: c3,
      inputs: adultInputs,
      advocacy: { ...deprivation, advocateRecorded: true },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().advocacyResult).toEqual({
      required: true,
      grounds: ['reg4_deprivation_of_liberty'],
      advocateRecorded: true,
    });
  });

  it('a plan cannot be signed off, nor a review completed, without a required advocate', async () => {
    const { c3 } = await conversationThree();
    const determination = (
      await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
        conversationId: c3,
        inputs: adultInputs,
      })
    ).json();
    const created = await api('POST', '/v1/personal-budgets', practitioner.headers, {
      conversationId: c3,
      determinationId: determination.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const nhsStay = {
      ...noDifficulty,
      substantialDifficulty: { ...noDifficulty.substantialDifficulty, communicating: true },
      nhsCareHome8Weeks: true,
      nhsAccommodationAdvocateInBestInterests: true,
    };
    const plan = await api(
      'PATCH',
      `/v1/personal-budgets/${created.json().id}`,
      practitioner.headers,
      {
        planLines: [
          {
            what: 'Help at home',
            provider: 'organisation',
            paid: true,
            unitCostPence: 2000,
            unit: 'hour',
            unitsPerWeek: 5,
            frequency: 'weekly',
          },
        ],
        fundingSources: [{ kind: 'council', weeklyPence: 10_000 }],
        management: { method: 'council_managed' },
        advocacy: nhsStay,
      },
      { 'if-match': created.headers.etag as string },
    );
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().readyToSignOff).toBe(false);
    expect(plan.json().notReadyBecause.map((r: { code: string }) => r.code)).toEqual(['advocate_required']);
    expect(plan.json().advocacyResult.grounds).toEqual(['reg4_nhs_accommodation']);
    const refused = await api(
      'POST',
      `/v1/personal-budgets/${plan.json().id}/sign-off`,
      socialWorker.headers,
      undefined,
      {
        'if-match': plan.headers.etag as string,
      },
    );
    expect(refused.statusCode).toBe(409);
    const fixed = await api(
      'PATCH',
      `/v1/personal-budgets/${plan.json().id}`,
      practitioner.headers,
      { advocacy: { ...nhsStay, advocateRecorded: true } },
      { 'if-match': plan.headers.etag as string },
    );
    expect(fixed.json().readyToSignOff).toBe(true);
    const signed = await api(
      'POST',
      `/v1/personal-budgets/${plan.json().id}/sign-off`,
      socialWorker.headers,
      undefined,
      {
        'if-match': fixed.headers.etag as string,
      },
    );
    expect(signed.statusCode, signed.body).toBe(200);
    const reviewId = signed.json().nextReview.id as string;
    const review = await api('GET', `/v1/reviews/${reviewId}`, practitioner.headers);
    const complete = (advocacy: unknown) =>
      api(
        'POST',
        `/v1/reviews/${reviewId}/complete`,
        practitioner.headers,
        {
          outcome: 'fully_met',
          notes: 'Going well',
          weeklyPence: 10_000,
          nextReviewOn: dateInEngland(new Date(Date.now() + 100 * 86_400_000)),
          advocacy,
        },
        { 'if-match': review.headers.etag as string },
      );
    const disagreement = {
      ...nhsStay,
      nhsCareHome8Weeks: false,
      disagreementWithAppropriatePerson: true,
      advocateAgreedWithAppropriatePerson: true,
    };
    const noAdvocate = await complete(disagreement);
    expect(noAdvocate.statusCode).toBe(409);
    expect(noAdvocate.json().code).toBe('advocate_required');
    const done = await complete({ ...disagreement, advocateRecorded: true });
    expect(done.statusCode, done.body).toBe(200);
    const after = (await api('GET', `/v1/reviews/${reviewId}`, practitioner.headers)).json();
    expect(after.advocacyResult).toEqual({ required: true, grounds: ['reg4_disagreement'], advocateRecorded: true });
  });
});

describe('ordinary residence (Care Act s13(3)(c), s39)', () => {
  it('is recorded on the determination, in the council’s decision feed and as a line on the letter', async () => {
    const { personId, c3 } = await conversationThree();
    const res = await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
      conversationId: c3,
      inputs: adultInputs,
      ordinaryResidence: residence,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ordinaryResidence).toEqual(residence);
    const feed = await api('GET', `/v1/eligibility-determinations?personId=${personId}`, council);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.json().items[0].ordinaryResidence).toEqual(residence);
    const letter = await api(
      'GET',
      `/v1/eligibility-determinations/${res.json().id}/letter?format=html`,
      socialWorker.headers,
    );
    expect(letter.statusCode).toBe(200);
    expect(letter.body).toContain('Which council is responsible');
    expect(letter.body).toContain('Shropshire Council is responsible for meeting your eligible needs');
  });

  it('records a dispute later only with who disputes it; refuses bad bases and a blank council', async () => {
    const { c3 } = await conversationThree();
    const noCouncil = await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
      conversationId: c3,
      inputs: adultInputs,
      ordinaryResidence: { ...residence, council: ' ' },
    });
    expect(noCouncil.statusCode).toBe(400);
    const badBasis = await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
      conversationId: c3,
      inputs: adultInputs,
      ordinaryResidence: { ...residence, basis: 'somewhere' },
    });
    expect(badBasis.statusCode).toBe(400);
    const made = (
      await api('POST', '/v1/eligibility-determinations', socialWorker.headers, {
        conversationId: c3,
        inputs: adultInputs,
      })
    ).json();
    expect(made.ordinaryResidence).toBeNull();
    const url = `/v1/eligibility-determinations/${made.id}/ordinary-residence`;
    const silent = await api('PUT', url, socialWorker.headers, { ...residence, disputed: true });
    expect(silent.statusCode).toBe(409);
    expect(silent.json().code).toBe('ordinary_residence_dispute_note_required');
    expect(await api('PUT', url, practitioner.headers, residence)).toMatchObject({ statusCode: 403 });
    const disputed = { ...residence, disputed: true, note: 'Telford & Wrekin dispute it; referred under s40.' };
    const ok = await api('PUT', url, socialWorker.headers, disputed);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().ordinaryResidence).toEqual(disputed);
    const letter = await api(
      'GET',
      `/v1/eligibility-determinations/${made.id}/letter?format=html`,
      socialWorker.headers,
    );
    expect(letter.body).toContain('Another council disputes this');
  });
});
