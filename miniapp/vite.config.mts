import { join } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The mini-app build: `npm run build:miniapp` writes `miniapp/dist`, which bot-server serves. The manifest lists
 * each chunk's static imports, from which `duban miniapp:size` measures the first-load JavaScript.
 */
export default defineConfig({
  root,
  base: '/',
  resolve: { alias: { '@': join(root, 'src') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
