import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the UI with hot reload against a running gateway (`npm start`).
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/api': gateway,
      '/health': gateway,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The playground (GraphiQL + Monaco, ~1 MB) is its own lazy chunk; the main chunk stays small.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's "use no memo" (React Compiler) directives are meaningless in a bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
