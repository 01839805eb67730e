import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { shallowRef, type ShallowRef } from 'vue';
import { settle } from '@/api/result';
import { needsReason } from '@/api/accessReason';
import type { Person } from './api';

/** Who holds the person's open story, and in which team, when the reader may know. */
export interface PersonWorker {
  holder: string | null;
  team: string | null;
}

/** What the header over every screen about a person shows, read once per person per page load. */
export interface PersonSummary {
  state: 'loading' | 'ready' | 'restricted' | 'unavailable';
  person: Person | null;
  /** Null when nobody holds an open story (or the reader may not know); undefined until asked. */
  worker: PersonWorker | null | undefined;
}

type Story = Schemas['Story'];

const summaries = new Map<string, ShallowRef<PersonSummary>>();
let colleagueNames: Promise<Map<string, string>> | null = null;
let teamNames: Promise<Map<string, string>> | null = null;

function entry(personId: string): ShallowRef<PersonSummary> {
  let found = summaries.get(personId);
  if (!found) {
    found = shallowRef<PersonSummary>({ state: 'loading', person: null, worker: undefined });
    summaries.set(personId, found);
  }
  return found;
}

export interface SummaryAccess {
  /** Open stories: who holds them (`conversations:read`). */
  stories: boolean;
  /** Colleagues' and teams' names (`teams:read`). */
  names: boolean;
}

async function workerOf(
  client: ThreefoldClient,
  personId: string,
  access: SummaryAccess,
): Promise<PersonWorker | null> {
  if (!access.stories) return null;
  const stories = await settle(
    client.GET('/v1/people/{id}/stories', { params: { path: { id: personId } }, cache: 'no-store' }),
  );
  if (!stories.ok) return null;
  const open: Story | undefined = stories.data.items.find((s: Story) => s.status === 'open');
  if (!open) return null;
  if (!access.names) return { holder: open.heldById ? 'a colleague' : null, team: null };
  colleagueNames ??= settle(client.GET('/v1/colleagues', { cache: 'no-store' })).then(
    (r) => new Map(r.ok ? r.data.items.map((c) => [c.id, c.displayName] as const) : []),
  );
  teamNames ??= settle(client.GET('/v1/teams', { cache: 'no-store' })).then(
    (r) => new Map(r.ok ? r.data.items.map((t) => [t.id, t.name] as const) : []),
  );
  const [people, teams] = await Promise.all([colleagueNames, teamNames]);
  return {
    holder: open.heldById ? (people.get(open.heldById) ?? 'a colleague') : null,
    team: open.teamId ? (teams.get(open.teamId) ?? null) : null,
  };
}

/**
 * The person's summary for the header: read from the API the first time a screen about them
 * asks, then shared by every other screen (and every re-render) until the page is reloaded.
 */
export function personSummary(client: ThreefoldClient, personId: string, access: SummaryAccess) {
  const summary = entry(personId);
  if (loading.has(personId)) return summary;
  // A failure (the network, a record not found) is asked again by the next screen; an answer is kept.
  const ask = summary.value.state === 'loading' || summary.value.state === 'unavailable';
  if (ask) {
    loading.add(personId);
    void (async () => {
      const read = await settle(
        client.GET('/v1/people/{id}', { params: { path: { id: personId }, header: {} }, cache: 'no-store' }),
      );
      // The person's own page may have answered first (with a reason for a restricted record).
      if (summary.value.state !== 'ready') {
        if (!read.ok) {
          const restricted = needsReason(read);
          summary.value = { state: restricted ? 'restricted' : 'unavailable', person: null, worker: undefined };
          return;
        }
        summary.value = { state: 'ready', person: read.data, worker: undefined };
      }
      const worker = await workerOf(client, personId, access);
      summary.value = { ...summary.value, worker };
    })().finally(() => loading.delete(personId));
  } else if (summary.value.state === 'ready' && summary.value.worker === undefined) {
    // Read by the person's own page: who holds their story is still to ask.
    loading.add(personId);
    void workerOf(client, personId, access)
      .then((worker) => {
        summary.value = { ...summary.value, worker };
      })
      .finally(() => loading.delete(personId));
  }
  return summary;
}
const loading = new Set<string>();

/**
 * A screen that has just read the person (their page, after a reason or a correction) shares it,
 * so the header shows the same version without asking again.
 */
export function rememberPerson(person: Person) {
  const summary = entry(person.id);
  summary.value = { state: 'ready', person, worker: summary.value.worker };
}

/**
 * Whether the header's read found the person's record restricted (a reason is needed to open what
 * is about them); false until it has answered. Reactive: a page's links follow the header's read.
 */
export function knownRestricted(personId: string): boolean {
  const summary = entry(personId).value;
  return summary.state === 'restricted' || summary.person?.restricted === true;
}

/** For tests: forget every summary read. */
export function forgetPersonSummaries() {
  summaries.clear();
  loading.clear();
  colleagueNames = null;
  teamNames = null;
}
