// The web app's build. `npm run dev` serves it with hot reload and proxies the API, the
// WebSocket and webhooks to the running server (SWITCHBOARD_URL, default http://127.0.0.1:3000).
// The Host header is kept as the browser sent it, so the server's Origin check passes through the proxy.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const target = process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:3000';
const proxied = { target, changeOrigin: false };

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: {
      '/api': proxied,
      '/webhooks': proxied,
      '/docs': proxied,
      '/ws': { ...proxied, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    manifest: true,
    rolldownOptions: {
      output: {
        // React is one long-lived chunk every route uses: it stays cached across releases of our code. Mantine is
        // split by use, so a page loads only the components it renders (the inbox does not carry the invoice forms').
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/ }],
        },
      },
    },
  },
});
