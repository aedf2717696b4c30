// Drive Switchboard's POST /agui through the real CopilotKit stack a Vite page uses:
// a Node CopilotRuntime (@copilotkit/runtime 1.75, v1 node-http endpoint) serving a
// LangGraphHttpAgent that points at /agui, and on the browser side CopilotKitCore
// (@copilotkit/core 1.74, what @copilotkit/react-core 1.74 runs) talking to that runtime.
//
// Usage: node run.mjs --url SWITCHBOARD_URL --key KEY --thread ID --message TEXT [--resume-twice]
//
// 1. starts the runtime on a free 127.0.0.1 port (in this process);
// 2. sends the user message with copilotkit.runAgent({agent}) as <CopilotSidebar> does;
// 3. records the on_interrupt custom event and the run's id the way react-core 1.74's
//    useInterrupt (wrapped by useLangGraphInterrupt) does, then resolves it as that hook
//    does: copilotkit.runAgent({agent, runId: <interrupted run's id>, forwardedProps:
//    {command: {resume, interruptEvent}}}) with resume = {decisions: [{type: "approve"}, ...]}
//    (one per proposed action, as the README's approval card sends);
// 4. with --resume-twice, sends the same resume again (a double click).
//
// Prints one summary line: {"summary": {...}}. Exit code 0 when every step finished.

import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

// Nothing leaves the machine: the runtime's telemetry is off before it loads.
process.env.COPILOTKIT_TELEMETRY_DISABLED = "true";
process.env.DO_NOT_TRACK = "1";
// CopilotKitCore connects to its runtime only in a browser (it checks for `window`).
globalThis.window ??= globalThis;

const { CopilotRuntime, ExperimentalEmptyAdapter, copilotRuntimeNodeHttpEndpoint } = await import(
  "@copilotkit/runtime"
);
const { LangGraphHttpAgent } = await import("@copilotkit/runtime/langgraph");
const { CopilotKitCore } = await import("@copilotkit/core");

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string" },
    thread: { type: "string" },
    message: { type: "string" },
    "resume-twice": { type: "boolean", default: false },
  },
});
for (const required of ["url", "key", "thread", "message"]) {
  if (!args[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}

const AGENT = "switchboard";
const runtime = new CopilotRuntime({
  agents: {
    [AGENT]: new LangGraphHttpAgent({
      url: `${args.url}/agui`,
      headers: { Authorization: `Bearer ${args.key}` },
    }),
  },
});
const handler = copilotRuntimeNodeHttpEndpoint({
  endpoint: "/api/copilotkit",
  runtime,
  serviceAdapter: new ExperimentalEmptyAdapter(),
});
const server = createServer(handler);
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const runtimeUrl = `http://127.0.0.1:${server.address().port}/api/copilotkit`;

const steps = [];
let failure = null;

async function connectedAgent(core) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const agent = core.getAgent(AGENT);
    if (agent) return agent;
    if (Date.now() > deadline) {
      throw new Error(`the runtime did not offer agent '${AGENT}' (status ${core.runtimeConnectionStatus})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  const copilotkit = new CopilotKitCore({ runtimeUrl });
  const agent = await connectedAgent(copilotkit);
  agent.threadId = args.thread;

  // What useInterrupt keeps: the legacy on_interrupt event and the run it ended.
  let interrupt = null;
  let current = null;
  agent.subscribe({
    onRunStartedEvent: () => {
      current = { types: [], runErrors: [], onInterrupt: null, runId: null };
    },
    onEvent: ({ event }) => {
      current?.types.push(event.type);
      if (event.type === "RUN_ERROR") current?.runErrors.push(event.message);
    },
    onCustomEvent: ({ event }) => {
      if (event.name === "on_interrupt" && current) current.onInterrupt = event.value;
    },
    onRunFinalized: ({ input }) => {
      if (!current) return;
      current.runId = input.runId;
      interrupt = current.onInterrupt ? { value: current.onInterrupt, runId: input.runId } : null;
    },
  });

  async function step(name, params) {
    current = null;
    try {
      await copilotkit.runAgent({ agent, ...params });
    } catch (exc) {
      failure ??= `${name}: ${exc?.message ?? exc}`;
    }
    steps.push({ name, ...(current ?? { types: [] }), sentRunId: params.runId ?? null });
  }

  agent.addMessage({ id: randomUUID(), role: "user", content: args.message });
  await step("chat", {});
  if (!interrupt) {
    failure ??= "chat: no on_interrupt event arrived";
  } else {
    const value = typeof interrupt.value === "string" ? JSON.parse(interrupt.value) : interrupt.value;
    const actions = (value?.action_requests ?? []).map((a) => a.name);
    // The approval card's Approve button: one decision per proposed action.
    const decisions = actions.map(() => ({ type: "approve" }));
    const resume = {
      runId: interrupt.runId,
      forwardedProps: { command: { resume: { decisions }, interruptEvent: interrupt.value } },
    };
    steps[0].actions = actions;
    await step("resume", resume);
    if (args["resume-twice"]) await step("resume-again", resume);
  }
  const last = agent.messages.filter((m) => m.role === "assistant").at(-1);
  const summary = {
    runtimeUrl,
    steps,
    messages: agent.messages.map((m) => ({ role: m.role, content: m.content ?? "" })),
    lastAssistant: last?.content ?? null,
    error: failure,
  };
  console.log(JSON.stringify({ summary }));
} catch (exc) {
  failure = String(exc?.stack ?? exc);
  console.log(JSON.stringify({ summary: { steps, error: failure } }));
} finally {
  server.close();
  server.closeAllConnections?.();
}
const finishedAll = steps.length > 0 && steps.every((s) => s.types.at(-1) === "RUN_FINISHED");
process.exit(failure === null && finishedAll ? 0 : 1);
