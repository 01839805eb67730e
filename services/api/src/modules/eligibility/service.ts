import type { Database } from '@threefold/db';
import {
  determineEligibility,
  eligibilityInputProblems,
  indicativeBudget,
  ordinaryResidenceProblems,
  type EligibilityInput,
  type OrdinaryResidence,
  type OrdinaryResidenceBasis,
  type IndicativeBudget,
  type PeriodConsidered,
  nameToAddress,
} from '@threefold/domain';
import { asUser, type Principal } from '../../auth/principal.js';
import { assertMayOpen, ruleBreach } from '../../errors.js';
import { advocacyResultOf, advocacyStepProblems, storedAdvocacy } from '../conversations/advocacy.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { referenceRepository } from '../reference/repository.js';
import { rasRules } from '../reference/service.js';
import {
  caredForIsCarer,
  caredForNotAllowed,
  caredForRequired,
  caredForUnknown,
  conversationNotFound,
  determinationNotFound,
  inputsInvalid,
  notConversationThree,
  storyClosed,
} from './errors.js';
import { buildLetter, type LetterModel } from './letter.js';
import { senderOf } from '../../platform/written-record.js';
import { DirectorySearch } from '../directory/search-services.js';
import { practiceDetailsOf } from '../reference/service.js';
import { eligibilityRepository as repo, type DeterminationRow } from './repository.js';
import type { EligibilityDeterminationBody, NewEligibilityDeterminationBody } from './schemas.js';

interface StoredReasons {
  summary: string;
  findings: EligibilityDeterminationBody['findings'];
}

export function determinationView(row: DeterminationRow): EligibilityDeterminationBody {
  const reasons = row.reasons as unknown as StoredReasons;
  return {
    id: row.id,
    personId: row.personId,
    kind: row.kind,
    caredForPersonId: row.caredForPersonId,
    storyId: row.storyId,
    conversationId: row.conversationId,
    decidedById: row.decidedById,
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt.toISOString(),
    eligible: row.eligible,
    summary: reasons.summary,
    findings: reasons.findings,
    eligibleNeeds: row.eligibleNeeds as EligibilityDeterminationBody['eligibleNeeds'],
    periodConsidered: (row.inputs as unknown as EligibilityInput).needsFluctuate
      ? ((row.inputs as unknown as EligibilityInput).periodConsidered ?? null)
      : null,
    inputs: row.inputs as unknown as EligibilityDeterminationBody['inputs'],
    indicativeBudget: (row.derivation as unknown as IndicativeBudget | null) ?? null,
    advocacy: storedAdvocacy(row.advocacy),
    advocacyResult: advocacyResultOf(row.advocacy),
    ordinaryResidence: ordinaryResidenceOf(row),
  };
}

/** The determination's ordinary residence, when recorded. */
export function ordinaryResidenceOf(row: DeterminationRow): OrdinaryResidence | null {
  if (!row.ordinaryResidenceCouncil || !row.ordinaryResidenceBasis) return null;
  return {
    council: row.ordinaryResidenceCouncil,
    basis: row.ordinaryResidenceBasis as OrdinaryResidenceBasis,
    disputed: row.ordinaryResidenceDisputed,
    note: row.ordinaryResidenceNote,
  };
}

const canSeeRestricted = (principal: Principal) => principal.permissions.has('people:restricted');

export class EligibilityService {
  constructor(private readonly db: Database) {}

  /**
   * Decide eligibility from conversation 3 and store the decision with everything it was made
   * from, the reasons, and the indicative budget from the resource allocation table in use.
   */
  async determine(actor: Actor, body: NewEligibilityDeterminationBody) {
    const principal = asUser(actor.principal, 'Eligibility is decided by a social worker.');
    const inputs = body.inputs as EligibilityInput;
    const problems = eligibilityInputProblems(inputs);
    if (problems.length > 0) throw inputsInvalid(problems);
    if (inputs.kind === 'carer' && !body.caredForPersonId) throw caredForRequired();
    if (inputs.kind === 'adult' && body.caredForPersonId) throw caredForNotAllowed();
    const residence = body.ordinaryResidence;
    const residenceProblems = residence ? ordinaryResidenceProblems(residence) : [];
    if (residenceProblems.length > 0) {
      throw ruleBreach(residenceProblems[0]!.code, 'Ordinary residence incomplete', residenceProblems);
    }

    const id = await this.db.transaction(async (tx) => {
      const found = await repo.conversationWithStory(tx, body.conversationId);
      if (!found) throw conversationNotFound();
      const { conversation, story } = found;
      const person = await repo.person(tx, story.personId);
      if (!person || (person.restricted && !canSeeRestricted(principal))) throw conversationNotFound();
      if (conversation.kind !== 3) throw notConversationThree(conversation.kind);
      if (story.status !== 'open') throw storyClosed();
      if (body.caredForPersonId) {
        if (body.caredForPersonId === story.personId) throw caredForIsCarer();
        const caredFor = await repo.person(tx, body.caredForPersonId);
        if (!caredFor || (caredFor.restricted && !canSeeRestricted(principal))) throw caredForUnknown();
      }

      // The whole advocacy test (s67 with reg 4): as given, else as conversation 3 recorded it.
      const advocacy = body.advocacy ?? storedAdvocacy(conversation.advocacy);
      const advocacyMissing = advocacyStepProblems(advocacy, 'eligibility is determined');
      if (advocacyMissing.length > 0) {
        throw ruleBreach('advocate_required', 'An independent advocate is required', advocacyMissing);
      }

      const decision = determineEligibility(inputs);
      let budget: IndicativeBudget | null = null;
      let ras: Awaited<ReturnType<typeof referenceRepository.currentRas>>;
      if (decision.eligible) {
        ras = await referenceRepository.currentRas(tx);
        if (ras) budget = indicativeBudget(inputs.kind, decision.unmetNeeds, rasRules(ras));
      }
      const period: PeriodConsidered | undefined = decision.periodConsidered;
      const determinationId = await repo.insert(tx, {
        personId: story.personId,
        kind: inputs.kind,
        caredForPersonId: body.caredForPersonId ?? null,
        storyId: story.id,
        conversationId: conversation.id,
        decidedById: principal.userId,
        inputs: inputs as unknown as Record<string, unknown>,
        eligible: decision.eligible,
        reasons: { summary: decision.summary, findings: decision.findings },
        eligibleNeeds: decision.eligible ? decision.unmetNeeds : [],
        periodFrom: period?.from ?? null,
        periodTo: period?.to ?? null,
        rasVersionId: ras?.id ?? null,
        rasVersion: ras?.version ?? null,
        indicativeWeeklyPence: budget?.weeklyPence ?? null,
        derivation: budget as unknown as Record<string, unknown> | null,
        advocacy: advocacy as unknown as Record<string, unknown> | null,
        ...(residence
          ? {
              ordinaryResidenceCouncil: residence.council.trim(),
              ordinaryResidenceBasis: residence.basis,
              ordinaryResidenceDisputed: residence.disputed,
              ordinaryResidenceNote: residence.note.trim(),
            }
          : {}),
      });
      await recordEvent(tx, {
        type: 'eligibility.determined',
        subjectType: 'eligibility_determination',
        subjectId: determinationId,
        data: {
          personId: story.personId,
          kind: inputs.kind,
          eligible: decision.eligible,
          caredForPersonId: body.caredForPersonId ?? null,
          conversationId: conversation.id,
        },
      });
      await actor.audit(tx, {
        action: 'eligibility.determine',
        resourceType: 'eligibility_determination',
        resourceId: determinationId,
        personId: story.personId,
      });
      return determinationId;
    });
    const row = await repo.byId(this.db, id);
    return determinationView(row!);
  }

  /**
   * A determination the caller may see: about a restricted person it stays hidden from those
   * without the permission, and those with it say why they are opening it (break glass).
   */
  private async determination(principal: Principal, id: string, reason?: string): Promise<DeterminationRow> {
    const row = await repo.byId(this.db, id);
    if (!row) throw determinationNotFound();
    assertMayOpen(await repo.person(this.db, row.personId), principal, reason, determinationNotFound);
    return row;
  }

  /** Ordinary residence as it now stands (a dispute arising or settled later); audited. */
  async recordOrdinaryResidence(
    actor: Actor,
    id: string,
    residence: OrdinaryResidence,
    reason?: string,
  ): Promise<EligibilityDeterminationBody> {
    asUser(actor.principal, 'Ordinary residence is recorded by a social worker.');
    const problems = ordinaryResidenceProblems(residence);
    if (problems.length > 0) throw ruleBreach(problems[0]!.code, 'Ordinary residence incomplete', problems);
    const row = await this.determination(actor.principal, id, reason);
    await this.db.transaction(async (tx) => {
      await repo.setOrdinaryResidence(tx, id, {
        ordinaryResidenceCouncil: residence.council.trim(),
        ordinaryResidenceBasis: residence.basis,
        ordinaryResidenceDisputed: residence.disputed,
        ordinaryResidenceNote: residence.note.trim(),
      });
      await actor.audit(tx, {
        action: 'eligibility.ordinary_residence',
        resourceType: 'eligibility_determination',
        resourceId: id,
        personId: row.personId,
        reason: reason ?? null,
      });
    });
    return determinationView((await repo.byId(this.db, id))!);
  }

  /** A determination, read (and audited with the reason given for opening it). */
  async read(actor: Actor, id: string, reason?: string): Promise<EligibilityDeterminationBody> {
    const row = await this.determination(actor.principal, id, reason);
    await actor.audit(this.db, {
      action: 'eligibility.read',
      resourceType: 'eligibility_determination',
      resourceId: row.id,
      personId: row.personId,
      reason: reason ?? null,
    });
    return determinationView(row);
  }

  async ofPerson(actor: Actor, personId: string, limit: number, cursor: string | undefined) {
    const after = decodeCursor<[string, string]>(cursor, 2);
    const person = await repo.person(this.db, personId);
    const audited = () =>
      actor.audit(this.db, { action: 'eligibility.list', resourceType: 'person', resourceId: personId, personId });
    if (!person || (person.restricted && !canSeeRestricted(actor.principal))) {
      await audited();
      return { items: [], nextCursor: null };
    }
    const rows = await repo.ofPerson(
      this.db,
      personId,
      limit,
      after ? { decidedAt: after[0], id: after[1] } : undefined,
    );
    const page = pageOf(rows, limit, (r) => [r.cursorAt, r.id]);
    await audited();
    return { items: page.items.map(determinationView), nextCursor: page.nextCursor };
  }

  /** The letter for the person the determination is about, in words they can use (audited as read). */
  async letter(actor: Actor, id: string, reason?: string): Promise<LetterModel> {
    const row = await this.determination(actor.principal, id, reason);
    const letter = await this.letterFor(row);
    await actor.audit(this.db, {
      action: 'eligibility.letter',
      resourceType: 'eligibility_determination',
      resourceId: row.id,
      personId: row.personId,
      reason: reason ?? null,
    });
    return letter;
  }

  /** Up to five active services in the community directory, nearest the person first when their postcode is known. */
  private async localServices(postcode: string | null): Promise<{ name: string; text: string }[]> {
    const search = new DirectorySearch(this.db);
    const found = await search
      .search({ status: 'active', limit: 5, ...(postcode ? { postcode, radiusKm: 10 } : {}) })
      .catch(() => search.search({ status: 'active', limit: 5 }));
    return found.items.map((s) => ({
      name: s.name,
      text: [
        s.description.trim(),
        s.phone ? `Phone ${s.phone}.` : '',
        s.email ? `Email ${s.email}.` : '',
        s.url ? `Website ${s.url}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    }));
  }

  private async letterFor(row: DeterminationRow): Promise<LetterModel> {
    const view = determinationView(row);
    const person = await repo.person(this.db, row.personId);
    const caredFor = row.caredForPersonId ? await repo.person(this.db, row.caredForPersonId) : undefined;
    const practice = await practiceDetailsOf(this.db);
    return buildLetter({
      personName: person ? `${person.givenName} ${person.familyName}` : '',
      greetingName: person ? nameToAddress(person) : '',
      sender: senderOf(practice),
      localServices: row.eligible ? [] : await this.localServices(person?.postcode ?? null),
      addressLines: person
        ? [person.addressLine1, person.addressLine2, person.town, person.postcode].filter(
            (l): l is string => typeof l === 'string' && l.trim() !== '',
          )
        : [],
      caredForName: caredFor ? nameToAddress(caredFor) : null,
      decidedByName: row.decidedByName,
      decidedAt: row.decidedAt,
      eligible: row.eligible,
      summary: view.summary,
      findings: view.findings,
      inputs: view.inputs as EligibilityInput,
      periodConsidered: view.periodConsidered,
      indicativeBudget: view.indicativeBudget as IndicativeBudget | null,
      ordinaryResidence: view.ordinaryResidence,
    });
  }
}
