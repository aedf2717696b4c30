// The CopilotKit runtime for Switchboard's browser app (@copilotkit/runtime 1.75).
//
// Started by the Switchboard server (server/web_app.py) as a child process on a loopback
// port; the server proxies /copilotkit here, so the browser talks to one origin. The
// runtime has no key of its own: it forwards exactly one header to POST /agui,
// X-Switchboard-Session (the signed-in person's session, set by the proxy), so every run
// acts for that person's tenant and role. Nothing secret is configured here.
//
// Usage: node server/runtime.mjs --api http://127.0.0.1:8000 [--port 0]
// Prints "listening http://127.0.0.1:PORT" once ready; exits when stdin closes (its
// parent went away) or on SIGTERM.

import { createServer } from "node:http";
import { parseArgs } from "node:util";

// Nothing leaves the machine: the runtime's telemetry is off before it loads.
process.env.COPILOTKIT_TELEMETRY_DISABLED = "true";
process.env.DO_NOT_TRACK = "1";

const { CopilotRuntime, ExperimentalEmptyAdapter, copilotRuntimeNodeHttpEndpoint } = await import(
  "@copilotkit/runtime"
);
const { LangGraphHttpAgent } = await import("@copilotkit/runtime/langgraph");

const { values: args } = parseArgs({
  options: {
    api: { type: "string", default: "http://127.0.0.1:8000" },
    port: { type: "string", default: "0" },
  },
});

export const AGENT = "switchboard";

const runtime = new CopilotRuntime({
  agents: { [AGENT]: new LangGraphHttpAgent({ url: `${args.api}/agui` }) },
  // Allowlist: only the session travels to the agent, never cookies or other headers.
  forwardHeaders: { allow: ["x-switchboard-session", "authorization"] },
});
const handler = copilotRuntimeNodeHttpEndpoint({
  endpoint: "/copilotkit",
  runtime,
  serviceAdapter: new ExperimentalEmptyAdapter(),
});

const server = createServer(handler);
await new Promise((resolve) => server.listen(Number(args.port), "127.0.0.1", resolve));
process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
