import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const apiUrl = process.env.THREEFOLD_API_URL ?? 'http://127.0.0.1:3000';

/** Everything the API answers; the rest of the origin belongs to the console. */
const apiPrefixes = ['/v1', '/oauth', '/health', '/openapi.json', '/docs'];

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      // The console builds from the workspace packages' TypeScript source, so no prior build of them is needed.
      '@threefold/api-client': fileURLToPath(new URL('../packages/api-client/src/index.ts', import.meta.url)),
      '@threefold/domain': fileURLToPath(new URL('../packages/domain/src/index.ts', import.meta.url)),
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, { target: apiUrl, changeOrigin: false }])),
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
});
