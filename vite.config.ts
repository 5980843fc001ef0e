import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web UI is a single-page app served by the lamsach server from dist/web.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
