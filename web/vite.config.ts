import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the Switchboard server at /app/ (server/web_app.py); `npm run dev` proxies the
// API, the session and the CopilotKit runtime to a `switchboard serve` on :8000.
const api = "http://127.0.0.1:8000";
const proxied = ["/session", "/copilotkit", "/approvals", "/runs", "/errors", "/agents", "/activity",
  "/messages", "/metrics", "/integrations", "/health", "/threads", "/budgets"];

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  server: { proxy: Object.fromEntries(proxied.map((p) => [p, api])) },
  build: {
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        manualChunks: {
          copilotkit: ["@copilotkit/react-core", "@copilotkit/react-ui"],
          charts: ["recharts"],
          mantine: ["@mantine/core", "@mantine/hooks", "@mantine/notifications"],
        },
      },
    },
  },
});
