import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Keep the CSP strict: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // CodeMirror and React together are ~200 KB gzipped; start-up is measured by bench/, not by this warning.
    chunkSizeWarningLimit: 1024,
  },
});
