import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The entry (src/main.tsx) is tiny: it asks the main process for the start-up data, then imports the
 * app's chunk. A modulepreload link in index.html has the browser fetch and compile that chunk (and
 * what it imports) in parallel with the entry, so the dynamic import waits for nothing.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'workbench:preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).filter((item) => item.type === 'chunk');
        const app = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/src/components/App/mount.tsx'));
        if (!app)
          throw new Error(
            'workbench:preload-app-chunk: the app chunk (src/components/App/mount.tsx) is not in the bundle.',
          );
        // The app chunk and its static imports, except the entry itself (already a script tag).
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = chunks.find((c) => c.fileName === fileName);
          if (!chunk || chunk.isEntry || files.has(fileName)) return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(app.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), preloadAppChunk()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Keep the CSP strict: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // Start-up is measured by bench/startup.mjs (initial and lazy chunks apart), not by this warning.
    chunkSizeWarningLimit: 1024,
  },
});
