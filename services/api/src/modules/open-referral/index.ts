import { defineModule } from '../module.js';
import { openReferralApi } from './plugin.js';

/** The public Open Referral UK API: its schemas and tags are in its own contract (open-referral.json). */
export const openReferralModule = defineModule({
  name: 'open-referral',
  tags: [],
  schemas: [],
  routes: async (app, { config }) =>
    app.register(openReferralApi, {
      perMinute: config.OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE,
      publicBaseUrl: config.PUBLIC_BASE_URL,
    }),
});
