import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { problems, ref } from '../../schemas/common.js';
import { InsightsQuery, PracticeInsights } from './schemas.js';
import { InsightsService } from './service.js';

const tags = ['insights'];

export const insightsRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  // Aggregates only, read in one snapshot: from the replica when there is one.
  const service = new InsightsService(app.readDbClient.db, config);

  app.get(
    '/v1/insights/practice',
    {
      config: { access: { permission: 'insights:read' } },
      schema: {
        operationId: 'getPracticeInsights',
        tags,
        summary: 'The practice’s daily data for a period',
        description:
          'Every measure of the practice for a period (England’s days, both ends included) and optionally one team, computed from the records: contacts per day and the share resolved at first contact, conversations opened and concluded by kind, the share of stories reaching conversation 3 and ending in long-term support, the journey as a funnel, days from contact to first conversation, intensive plans, contingency money, budgets, reviews and safeguarding timeliness. Aggregate numbers only: nobody is named.',
        querystring: InsightsQuery,
        response: { 200: ref(PracticeInsights), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.practiceInsights(request.query),
  );
};
