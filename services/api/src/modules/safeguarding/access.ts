import type { Database, DbOrTx } from '@threefold/db';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { concernRepository, type ConcernRow } from './concern-repository.js';
import { enquiryRepository, type EnquiryRow } from './enquiry-repository.js';
import { safeguardingLookups } from './repository.js';
import type { PersonSafeguardingBody, ReducedViewBody } from './schemas.js';
import { concernView, enquiryView, type SafeguardingSettings } from './views.js';

export type Access = 'full' | 'reduced' | 'hidden';

/**
 * Full detail for the safeguarding lead (`safeguarding:read`) and colleagues involved in the
 * enquiry; a reduced view for everyone else who may see the person; hidden when the person is
 * restricted and the caller may not see restricted records.
 */
export function accessFor(principal: Principal, involved: boolean, restricted: boolean): Access {
  if (principal.permissions.has('safeguarding:read')) return 'full';
  if (involved) return 'full';
  if (restricted && !principal.permissions.has('people:restricted')) return 'hidden';
  return 'reduced';
}

/** Of these enquiries, the ones the caller is involved in (none for a machine). */
export async function involvedEnquiryIds(db: DbOrTx, principal: Principal, enquiryIds: string[]): Promise<Set<string>> {
  if (principal.kind !== 'user') return new Set();
  return new Set(await enquiryRepository.involvedIn(db, principal.userId, enquiryIds));
}

/** Whom to ask: the colleague leading the enquiry, the lead who decided, or a safeguarding lead. */
export async function whoToAsk(db: DbOrTx, enquiry: EnquiryRow | null, concern: ConcernRow | null) {
  const id = enquiry?.leadStaffId ?? concern?.decidedById ?? null;
  if (id) {
    const u = await safeguardingLookups.colleague(db, id);
    if (u) return { askUserId: u.id, askName: u.name };
  }
  const lead = await safeguardingLookups.aSafeguardingLead(db);
  return lead ? { askUserId: lead.id, askName: lead.name } : { askUserId: null, askName: 'the safeguarding lead' };
}

/** "A safeguarding matter exists. Ask X." */
export async function reducedView(
  db: DbOrTx,
  kind: 'concern' | 'enquiry',
  concern: ConcernRow | null,
  enquiry: EnquiryRow | null,
): Promise<ReducedViewBody> {
  const ask = await whoToAsk(db, enquiry, concern);
  return {
    id: (kind === 'concern' ? concern!.id : enquiry!.id) as string,
    kind,
    personId: concern?.personId ?? enquiry?.personId ?? null,
    restricted: true,
    message: `A safeguarding matter exists. Ask ${ask.askName}.`,
    ...ask,
  };
}

export async function personName(db: DbOrTx, personId: string | null): Promise<string | null> {
  if (!personId) return null;
  const p = await safeguardingLookups.person(db, personId);
  return p ? `${p.given} ${p.family}` : null;
}

export async function isRestricted(db: DbOrTx, personId: string | null): Promise<boolean> {
  if (!personId) return false;
  return (await safeguardingLookups.person(db, personId))?.restricted ?? false;
}

/** Safeguarding on a person's page: in full where the colleague may see it, otherwise whom to ask. */
export class PersonSafeguardingService {
  constructor(
    private readonly db: Database,
    private readonly settings: SafeguardingSettings,
  ) {}

  async ofPerson(actor: Actor, personId: string): Promise<PersonSafeguardingBody> {
    const { principal } = actor;
    const now = actor.now();
    const person = await safeguardingLookups.person(this.db, personId);
    if (!person || (person.restricted && !principal.permissions.has('people:restricted'))) throw notFound('person');
    const concerns = await concernRepository.ofPerson(this.db, personId);
    const enquiries = await enquiryRepository.ofConcerns(
      this.db,
      concerns.map((c) => c.id),
    );
    const involved = await involvedEnquiryIds(
      this.db,
      principal,
      enquiries.map((e) => e.id),
    );
    const name = `${person.given} ${person.family}`;
    const out: PersonSafeguardingBody = { personId, access: 'none', concerns: [], enquiries: [], matters: [] };
    for (const concern of concerns) {
      const enquiry = enquiries.find((e) => e.concernId === concern.id) ?? null;
      const access = accessFor(principal, enquiry ? involved.has(enquiry.id) : false, person.restricted);
      if (access === 'full') {
        out.concerns.push(concernView(concern, name, enquiry?.id ?? null, this.settings.decisionWorkingDays, now));
        if (enquiry) out.enquiries.push(await enquiryView(this.db, enquiry, this.settings.enquiryWorkingDays, now));
      } else {
        out.matters.push(await reducedView(this.db, enquiry ? 'enquiry' : 'concern', concern, enquiry));
      }
    }
    out.access = out.matters.length ? 'reduced' : out.concerns.length ? 'full' : 'none';
    await actor.audit(this.db, {
      action: out.access === 'reduced' ? 'safeguarding_person.read_reduced' : 'safeguarding_person.read',
      resourceType: 'person',
      resourceId: personId,
      personId,
    });
    return out;
  }
}
