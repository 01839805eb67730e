import type { ImportKind } from '@threefold/domain';
import { budgetsKind } from './budgets.js';
import { casesKind } from './cases.js';
import { notesKind } from './notes.js';
import { peopleKind } from './people.js';
import { relationshipsKind } from './relationships.js';
import { safeguardingKind } from './safeguarding.js';
import { servicesKind } from './services.js';
import type { ImportKindHandler } from './types.js';

export { personCodeLists } from './people.js';
export type { ImportKindHandler, RowAt } from './types.js';

/** Every kind of import, by kind: adding a kind is adding its file here. */
export const importKindHandlers: Readonly<Record<ImportKind, ImportKindHandler>> = {
  people: peopleKind,
  relationships: relationshipsKind,
  notes: notesKind,
  cases: casesKind,
  safeguarding: safeguardingKind,
  budgets: budgetsKind,
  services: servicesKind,
};
