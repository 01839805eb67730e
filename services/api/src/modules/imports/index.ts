import { defineModule } from '../module.js';
import { startImportCommitWorker } from './commit-job.js';
import { importRoutes } from './routes.js';
import { importSchemas } from './schemas.js';

export const importsModule = defineModule({
  name: 'imports',
  tags: [
    {
      name: 'imports',
      description:
        'Bringing the council’s caseload in: saved column mappings, upload and dry run, commit in resumable batches, the report of bad rows.',
    },
  ],
  schemas: importSchemas,
  routes: importRoutes,
  workers: [(app) => startImportCommitWorker(app)],
});
