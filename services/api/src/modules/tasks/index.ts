import { defineModule } from '../module.js';
import { taskRoutes } from './routes.js';
import { taskSchemas } from './schemas.js';
import { startTaskClockWorker } from './worker.js';

export const tasksModule = defineModule({
  name: 'tasks',
  tags: [
    {
      name: 'tasks',
      description:
        'Tasks and reminders for a colleague or a team, some made once by the practice’s clocks (touchpoints, reviews, safeguarding decisions); and home, a colleague’s own work.',
    },
  ],
  schemas: taskSchemas,
  routes: taskRoutes,
  workers: [(app) => startTaskClockWorker(app)],
});
