// Drive Switchboard's POST /agui with the real AG-UI client (@ag-ui/client HttpAgent).
//
// Usage:
//   node run.mjs --url URL --key KEY --thread ID --mode run --message TEXT
//   node run.mjs --url URL --key KEY --thread ID --mode resume [--decision approve ...]
//   node run.mjs --url URL --key KEY --thread ID --mode resume --interrupt-id ID   (resume[] form)
//   node run.mjs --url URL --key KEY --thread ID --mode reopen
//   --run-id ID sends that run id (default: a new one); with --mode resume and
//   --interrupt-event JSON the resume is exactly what CopilotKit react-core 1.74's
//   useInterrupt/useLangGraphInterrupt sends: the interrupted run's id and
//   forwardedProps.command = {resume, interruptEvent}.
//
// "run" sends a new user message; "resume" answers the pending approval the way
// CopilotKit's useLangGraphInterrupt does (forwardedProps.command.resume), or with the
// AG-UI RunAgentInput.resume[] form when --interrupt-id is given; "reopen" sends a run
// with no new message, as a client reopening the thread after a reload does.
//
// Prints one JSON line per event ({"t": ms since start, "type": ...}) and then one
// summary line ({"summary": {...}}) with the event types in order, the on_interrupt
// value, the text delta count, the messages the client holds and any error.
// Exit code: 0 when the run ended with RUN_FINISHED, 1 otherwise.

import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import { HttpAgent } from "@ag-ui/client";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string" },
    thread: { type: "string" },
    mode: { type: "string", default: "run" },
    message: { type: "string", default: "" },
    decision: { type: "string", multiple: true, default: ["approve"] },
    "interrupt-id": { type: "string" },
    "run-id": { type: "string" },
    "interrupt-event": { type: "string" },
  },
});

for (const required of ["url", "key", "thread"]) {
  if (!args[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}
if (!["run", "resume", "reopen"].includes(args.mode)) {
  console.error(`--mode must be run, resume or reopen (got ${args.mode})`);
  process.exit(2);
}

const started = performance.now();
const elapsed = () => Math.round((performance.now() - started) * 10) / 10;

const initialMessages =
  args.mode === "run"
    ? [{ id: randomUUID(), role: "user", content: args.message }]
    : [];
// Network reads of the response body as they arrive: proof the stream is incremental
// (many reads spread over time), and the bytes on the wire.
const reads = [];
async function timedFetch(url, init) {
  const response = await fetch(url, init);
  if (!response.body) return response;
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        reads.push({ t: elapsed(), bytes: chunk.byteLength });
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, headers: response.headers });
}

const agent = new HttpAgent({
  url: args.url,
  headers: { Authorization: `Bearer ${args.key}` },
  threadId: args.thread,
  initialMessages,
  fetch: timedFetch,
});

const parameters = { runId: args["run-id"] ?? randomUUID() };
const decisions = args.decision.map((type) => ({ type }));
if (args.mode === "resume" && args["interrupt-id"]) {
  parameters.resume = [
    { interruptId: args["interrupt-id"], status: "resolved", payload: { decisions } },
  ];
} else if (args.mode === "resume") {
  const command = { resume: { decisions } };
  if (args["interrupt-event"]) command.interruptEvent = JSON.parse(args["interrupt-event"]);
  parameters.forwardedProps = { command };
}

const types = [];
let onInterrupt = null;
let textDeltas = 0;
let firstDeltaAt = null;
let lastState = null;
let snapshotMessages = null;

function describe(event) {
  const line = { t: elapsed(), type: event.type };
  if (event.type === "CUSTOM") line.name = event.name;
  if (event.type.startsWith("TEXT_MESSAGE_")) line.messageId = event.messageId;
  if (event.type === "TEXT_MESSAGE_CONTENT") line.delta = event.delta;
  if (event.type === "STEP_STARTED" || event.type === "STEP_FINISHED") line.step = event.stepName;
  if (event.type === "RUN_ERROR") line.message = event.message;
  if (event.type === "MESSAGES_SNAPSHOT") line.messages = event.messages.length;
  return line;
}

const subscriber = {
  onEvent({ event }) {
    const line = describe(event);
    types.push(event.type);
    if (event.type === "TEXT_MESSAGE_CONTENT") {
      textDeltas += 1;
      firstDeltaAt ??= line.t;
    }
    if (event.type === "CUSTOM" && event.name === "on_interrupt") {
      onInterrupt = typeof event.value === "string" ? JSON.parse(event.value) : event.value;
    }
    if (event.type === "STATE_SNAPSHOT") lastState = event.snapshot;
    if (event.type === "MESSAGES_SNAPSHOT") snapshotMessages = event.messages;
    console.log(JSON.stringify(line));
  },
};

let error = null;
try {
  await agent.runAgent(parameters, subscriber);
} catch (exc) {
  error = { status: exc.status ?? null, message: String(exc.message ?? exc), payload: exc.payload ?? null };
}

const summary = {
  mode: args.mode,
  threadId: args.thread,
  runId: parameters.runId,
  types,
  firstType: types[0] ?? null,
  lastType: types.at(-1) ?? null,
  runFinished: types.includes("RUN_FINISHED"),
  textDeltas,
  firstDeltaAt,
  onInterrupt,
  stateKeys: lastState ? Object.keys(lastState).sort() : null,
  snapshotMessages: snapshotMessages?.map((m) => ({ role: m.role, content: m.content ?? "" })) ?? null,
  messages: agent.messages.map((m) => ({ role: m.role, content: m.content ?? "" })),
  reads: reads.length,
  firstReadAt: reads[0]?.t ?? null,
  lastReadAt: reads.at(-1)?.t ?? null,
  bytes: reads.reduce((total, read) => total + read.bytes, 0),
  elapsedMs: elapsed(),
  error,
};
console.log(JSON.stringify({ summary }));
process.exit(summary.lastType === "RUN_FINISHED" && !error ? 0 : 1);
