import { defineModule } from '../module.js';
import { exportRoutes } from './routes.js';
import { exportSchemas } from './schemas.js';

export const exportsModule = defineModule({
  name: 'exports',
  tags: [
    {
      name: 'exports',
      description:
        'Handing everything back to the council: documented CSV files per kind with a data dictionary, council ids kept, in a format that imports back.',
    },
  ],
  schemas: exportSchemas,
  routes: exportRoutes,
});
