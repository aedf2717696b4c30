// The conformance scenario with the real @langchain/langgraph-sdk (the JS twin of
// scenario.py): prints one JSON list of [step, summary] records.
// Usage: node scenario.mjs URL REFUND_ORDER [API_KEY]
import { Client } from "@langchain/langgraph-sdk";
import { randomUUID } from "node:crypto";

const [url, order, apiKey] = process.argv.slice(2);
const client = new Client({ apiUrl: url, apiKey: apiKey || null });
const QUICK = "What is our pipeline value?";
const SLOW = "Give me the daily insights";
const REFUND = `Hi, I want a refund for order ${order}, I cannot come`;
const MODES = ["values", "updates", "messages-tuple", "messages", "custom", "events", "debug"];
const context = { tenant_id: "demo" };
const RUN_KEYS = ["assistant_id", "metadata", "multitask_strategy", "run_id", "status", "thread_id"];
const THREAD_KEYS = ["created_at", "metadata", "status", "thread_id", "updated_at", "values"];
const out = [];
const record = (step, summary) => out.push([step, summary]);
const ask = (text) => ({ messages: [{ role: "human", content: text }] });
const keys = (obj, only) => Object.keys(obj).filter((k) => !only || only.includes(k)).sort();
const ns = (name) => name.split("|").map((p) => p.split(":")[0]).join("|");
const started = (s) => (s === "pending" || s === "running" ? "started" : s);
const run = (r) => ({ keys: keys(r, RUN_KEYS), status: started(r.status) });
const thread = (t) => ({ keys: keys(t, THREAD_KEYS), status: t.status });
const actions = (values) =>
  (values.__interrupt__ ?? []).map((i) => i.value.action_requests.map((a) => a.name));

async function stream(threadId, payload) {
  const parts = [];
  for await (const part of client.runs.stream(threadId, "switchboard", { context, ...payload })) {
    parts.push(part);
  }
  return parts;
}

function names(parts) {
  const seen = [];
  for (const part of parts) {
    const name = ns(part.event);
    if (seen[seen.length - 1] !== name) seen.push(name);
  }
  return seen;
}

async function status(promise) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error.status ?? String(error);
  }
}

const state = (s) => ({
  keys: keys(s),
  next: s.next,
  tasks: s.tasks.map((t) => [t.name, t.interrupts.length]),
  interrupts: s.interrupts.length,
  checkpoint: keys(s.checkpoint).filter((k) => k !== "checkpoint_map"),
  values: keys(s.values),
});
const newThread = async () => (await client.threads.create()).thread_id;

// assistants
const [assistant] = await client.assistants.search({ graphId: "switchboard" });
const aid = assistant.assistant_id;
record("assistants.search", keys(assistant));
record("assistants.get", keys(await client.assistants.get(aid)));
const graph = await client.assistants.getGraph(aid);
record("assistants.getGraph", graph.nodes.map((n) => n.id).sort());
record("assistants.getSchemas", keys(await client.assistants.getSchemas(aid)));

// threads
record("threads.create", thread(await client.threads.create()));
const mine = randomUUID();
record("threads.create(id)", (await client.threads.create({ threadId: mine })).thread_id === mine);
const again = await client.threads.create({ threadId: mine, ifExists: "do_nothing" });
record("threads.create(do_nothing)", again.thread_id === mine);
record("threads.create(raise)", await status(client.threads.create({ threadId: mine, ifExists: "raise" })));
record("threads.get(missing)", await status(client.threads.get(randomUUID())));

// stream modes
for (const mode of MODES) {
  const parts = await stream(await newThread(), { input: ask(QUICK), streamMode: mode });
  record(`runs.stream(${mode})`, names(parts));
}
{
  const parts = await stream(await newThread(), {
    input: ask(SLOW),
    streamMode: ["updates"],
    streamSubgraphs: true,
  });
  record("runs.stream(subgraphs)", [...new Set(names(parts))].sort());
}

// interrupt, state, resume, history
const refunded = await newThread();
{
  const parts = await stream(refunded, { input: ask(REFUND), streamMode: "values" });
  record("runs.stream(interrupt)", names(parts));
  record("runs.stream(interrupt).actions", actions(parts[parts.length - 1].data));
  record("threads.getState(interrupted)", state(await client.threads.getState(refunded)));
  record("threads.get(interrupted)", thread(await client.threads.get(refunded)));
  const waiting = parts[parts.length - 1].data.__interrupt__[0].value.action_requests;
  const resumed = await client.runs.wait(refunded, "switchboard", {
    command: { resume: { decisions: waiting.map(() => ({ type: "approve" })) } },
    context,
  });
  record("runs.wait(resume)", [keys(resumed), actions(resumed)]);
  record("threads.getState(resumed)", state(await client.threads.getState(refunded)));
  const history = await client.threads.getHistory(refunded, { limit: 4 });
  record("threads.getHistory", history.map((h) => [h.next, keys(h)]));
  const idle = await client.threads.search({ status: "idle", limit: 100 });
  record("threads.search(idle)", idle.some((t) => t.thread_id === refunded));
  const byId = await client.threads.search({ ids: [refunded] });
  record("threads.search(ids)", byId.length === 1 && byId[0].thread_id === refunded);
}

// background runs
{
  const created = await client.runs.create(refunded, "switchboard", { input: ask(QUICK), context });
  record("runs.create", run(created));
  record("runs.join", keys(await client.runs.join(refunded, created.run_id)));
  record("runs.list", (await client.runs.list(refunded)).map(run));
  record("runs.get", run(await client.runs.get(refunded, created.run_id)));
}

// cancel
{
  const threadId = await newThread();
  const created = await client.runs.create(threadId, "switchboard", { input: ask(SLOW), context });
  await client.runs.cancel(threadId, created.run_id, true);
  record("runs.cancel", (await client.runs.get(threadId, created.run_id)).status);
}

// double texting
for (const strategy of ["reject", "enqueue", "interrupt", "rollback"]) {
  const threadId = await newThread();
  const first = await client.runs.create(threadId, "switchboard", { input: ask(SLOW), context });
  let second;
  try {
    second = await client.runs.create(threadId, "switchboard", {
      input: ask(QUICK),
      context,
      multitaskStrategy: strategy,
    });
  } catch (error) {
    record(`multitask(${strategy})`, error.status ?? String(error));
    await client.runs.join(threadId, first.run_id);
    continue;
  }
  await client.runs.join(threadId, second.run_id);
  let before;
  try {
    before = (await client.runs.get(threadId, first.run_id)).status;
  } catch (error) {
    before = error.status ?? String(error);
  }
  const after = (await client.runs.get(threadId, second.run_id)).status;
  const { values } = await client.threads.getState(threadId);
  const asked = values.messages.filter((m) => m.type === "human").map((m) => m.content);
  // After an interrupt, the first run's input stays if it got that far (timing).
  const kept = strategy === "interrupt" ? asked.slice(-1) : asked;
  record(`multitask(${strategy})`, [before, after, kept]);
}

// state update, delete
{
  const threadId = await newThread();
  await client.runs.wait(threadId, "switchboard", { input: ask(QUICK), context });
  const updated = await client.threads.updateState(threadId, {
    values: { messages: [{ role: "human", content: "noted" }] },
  });
  record("threads.updateState", keys(updated));
  const { values } = await client.threads.getState(threadId);
  record("threads.updateState.after", values.messages[values.messages.length - 1].content);
  await client.threads.delete(threadId);
  record("threads.delete", await status(client.threads.get(threadId)));
}

// crons (the schedule's last user message is what each fire asks)
{
  const CRON_KEYS = ["assistant_id", "cron_id", "enabled", "payload", "schedule", "thread_id"];
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const cron = (c, threadId) => ({
    keys: keys(c, CRON_KEYS),
    uuid: UUID.test(c.cron_id),
    thread: c.thread_id === threadId,
    schedule: c.schedule,
    enabled: c.enabled,
    asks: c.payload.input.messages[c.payload.input.messages.length - 1].content,
  });
  const threadId = await newThread();
  const onThread = await client.crons.createForThread(threadId, "switchboard", {
    schedule: "0 9 * * 1-5",
    input: ask(QUICK),
  });
  record("crons.createForThread", cron(onThread, threadId));
  const stateless = await client.crons.create("switchboard", {
    schedule: "30 7 * * *",
    input: ask(SLOW),
  });
  record("crons.create", cron(stateless, null));
  const found = await client.crons.search({ threadId });
  record("crons.search(thread)", found.map((c) => cron(c, threadId)));
  record("crons.count(thread)", await client.crons.count({ threadId }));
  const changed = await client.crons.update(stateless.cron_id, {
    schedule: "0 8 * * *",
    enabled: false,
  });
  record("crons.update", cron(changed, null));
  for (const c of [onThread, stateless]) await client.crons.delete(c.cron_id);
  record("crons.delete", await client.crons.count({ threadId }));
  record("crons.delete(again)", await status(client.crons.delete(stateless.cron_id)));
}

process.stdout.write(JSON.stringify(out));
