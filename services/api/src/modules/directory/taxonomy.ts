import type { Database } from '@threefold/db';
import { AppProblem, invalidField } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { taxonomyNotFound } from './errors.js';
import { defined } from './fields.js';
import { taxonomyRepository } from './taxonomy-repository.js';

export interface TaxonomyInput {
  name: string;
  description?: string | undefined;
  uri?: string | null | undefined;
  version?: string | null | undefined;
}

export interface TermInput {
  name: string;
  code?: string | null | undefined;
  description?: string | undefined;
  parentId?: string | null | undefined;
}

/** The taxonomies the directory's services are classified by, and their terms. */
export class Taxonomies {
  constructor(private readonly db: Database) {}

  async taxonomies() {
    return (await taxonomyRepository.taxonomiesWithTerms(this.db)).map(({ taxonomy, terms }) => ({
      id: taxonomy.id,
      name: taxonomy.name,
      description: taxonomy.description,
      uri: taxonomy.uri,
      version: taxonomy.version,
      terms: terms.map((t) => ({
        id: t.id,
        taxonomyId: t.taxonomyId,
        code: t.code,
        name: t.name,
        description: t.description,
        parentId: t.parentId,
      })),
    }));
  }

  /** Names are unique: a second of the same name is `409 taxonomy_exists`. */
  async createTaxonomy(actor: Actor, input: TaxonomyInput) {
    return this.db.transaction(async (tx) => {
      const row = await taxonomyRepository.insertTaxonomy(tx, defined(input) as TaxonomyInput);
      if (!row)
        throw new AppProblem(409, 'taxonomy_exists', 'Taxonomy exists', 'A taxonomy of that name already exists.');
      await actor.audit(tx, {
        action: 'directory.taxonomy.create',
        resourceType: 'taxonomy',
        resourceId: row.id,
        personId: null,
      });
      return { ...row, description: row.description, terms: [] };
    });
  }

  /** A term, optionally under a parent term of the same taxonomy. */
  async createTerm(actor: Actor, taxonomyId: string, input: TermInput) {
    return this.db.transaction(async (tx) => {
      if (!(await taxonomyRepository.taxonomyExists(tx, taxonomyId))) throw taxonomyNotFound();
      if (input.parentId && !(await taxonomyRepository.termInTaxonomy(tx, input.parentId, taxonomyId))) {
        throw invalidField('parentId', 'is not a term of this taxonomy');
      }
      const row = await taxonomyRepository.insertTerm(tx, { taxonomyId, ...(defined(input) as { name: string }) });
      await taxonomyRepository.touchTaxonomy(tx, taxonomyId, actor.now());
      await actor.audit(tx, {
        action: 'directory.term.create',
        resourceType: 'taxonomy_term',
        resourceId: row.id,
        personId: null,
      });
      return {
        id: row.id,
        taxonomyId,
        code: row.code,
        name: row.name,
        description: row.description,
        parentId: row.parentId,
      };
    });
  }
}
