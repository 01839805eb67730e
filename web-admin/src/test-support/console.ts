import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import App from '@/App.vue';
import { createConsole } from '@/bootstrap';

/** The whole console, as main.ts assembles it, on an in-memory history, opened at `path`. */
export async function mountConsole(path: string) {
  const threefold = createConsole({ history: createMemoryHistory(), apiBaseUrl: 'http://console.test' });
  await threefold.router.push(path);
  await threefold.router.isReady();
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [threefold] } });
  await flushPromises();
  return { wrapper, router: threefold.router, session: threefold.session, api: threefold.api };
}
