import { auditModule } from './audit/index.js';
import { authModule } from './auth/index.js';
import { budgetsModule } from './budgets/index.js';
import { capacityModule } from './capacity/index.js';
import { careModule } from './care/index.js';
import { chronologyModule } from './chronology/index.js';
import { clientsModule } from './clients/index.js';
import { connectionsModule } from './connections/index.js';
import { contactsModule } from './contacts/index.js';
import { conversationsModule } from './conversations/index.js';
import { directoryModule } from './directory/index.js';
import { documentsModule } from './documents/index.js';
import { eligibilityModule } from './eligibility/index.js';
import { exportsModule } from './exports/index.js';
import { healthModule } from './health/index.js';
import { importsModule } from './imports/index.js';
import { insightsModule } from './insights/index.js';
import { notesModule } from './notes/index.js';
import type { ThreefoldModule } from './module.js';
import { openReferralModule } from './open-referral/index.js';
import { peopleModule } from './people/index.js';
import { recordsModule } from './records/index.js';
import { referenceModule } from './reference/index.js';
import { returnsModule } from './returns/index.js';
import { safeguardingModule } from './safeguarding/index.js';
import { staffModule } from './staff/index.js';
import { tasksModule } from './tasks/index.js';
import { warningsModule } from './warnings/index.js';
import { webhooksModule } from './webhooks/index.js';

/**
 * Every module of the API, in the order the contract lists their tags. The app registers their
 * schemas and routes from this list, the contract its tags, and `workers.ts` their workers.
 */
export const modules: readonly ThreefoldModule[] = [
  healthModule,
  authModule,
  clientsModule,
  staffModule,
  peopleModule,
  contactsModule,
  notesModule,
  documentsModule,
  warningsModule,
  capacityModule,
  chronologyModule,
  tasksModule,
  directoryModule,
  openReferralModule,
  connectionsModule,
  conversationsModule,
  eligibilityModule,
  referenceModule,
  recordsModule,
  budgetsModule,
  careModule,
  safeguardingModule,
  insightsModule,
  returnsModule,
  importsModule,
  exportsModule,
  webhooksModule,
  auditModule,
];
