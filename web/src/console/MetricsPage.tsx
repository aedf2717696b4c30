import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AgentMetrics, Approval, Page, Run } from "../api";
import { Empty, Loaded } from "../components/States";
import { useFetch } from "../useFetch";

const AGENTS = ["sales", "marketing", "operations", "support", "analytics", "research"];
const COLORS = ["#228be6", "#40c057", "#fab005", "#fa5252", "#7950f2", "#15aabf"];

/** Rows of {day, <agent>: count} from items with a timestamp and agents. */
function perDay<T>(items: T[], at: (t: T) => string, agents: (t: T) => string[]) {
  const days = new Map<string, Record<string, number | string>>();
  for (const item of items) {
    const day = at(item).slice(0, 10);
    const row = days.get(day) ?? { day };
    for (const a of agents(item)) row[a] = Number(row[a] ?? 0) + 1;
    days.set(day, row);
  }
  return [...days.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <Card withBorder role="figure" aria-label={title}>
      <Text fw={600} mb="xs">
        {title}
      </Text>
      <div style={{ height: 260 }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </Card>
  );
}

function Stacked({ rows }: { rows: Record<string, number | string>[] }) {
  return (
    <BarChart data={rows}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="day" fontSize={11} />
      <YAxis allowDecimals={false} fontSize={11} />
      <Tooltip />
      <Legend />
      {AGENTS.map((a, i) => (
        <Bar key={a} dataKey={a} stackId="a" fill={COLORS[i]} />
      ))}
    </BarChart>
  );
}

/** Seed 001's performance view: runs and approvals per agent per day, tokens, outcomes. */
export function MetricsPage() {
  const metrics = useFetch<{ agents: AgentMetrics[] }>("/metrics/agents", 15000);
  const runs = useFetch<Page<Run>>("/runs?limit=200", 15000);
  const approvals = useFetch<Page<Approval>>("/approvals?status=any&limit=200", 15000);
  return (
    <Stack>
      <Title order={2}>Metrics</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Loaded what="runs" state={runs} empty={(p) => (p.items.length ? null : <Empty title="No runs to chart yet" />)}>
          {(p) => (
            <Chart title="Runs per agent per day">
              <Stacked rows={perDay(p.items, (r) => r.started_at, (r) => r.agents)} />
            </Chart>
          )}
        </Loaded>
        <Loaded what="approvals" state={approvals} empty={(p) => (p.items.length ? null : <Empty title="No approvals to chart yet" />)}>
          {(p) => (
            <Chart title="Approvals per agent per day">
              <Stacked rows={perDay(p.items, (a) => a.created_at, (a) => [a.agent])} />
            </Chart>
          )}
        </Loaded>
        <Loaded what="metrics" state={metrics}>
          {(m) => (
            <Chart title="Tokens per agent">
              <BarChart data={m.agents}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="agent" fontSize={11} />
                <YAxis fontSize={11} />
                <Tooltip />
                <Bar dataKey="tokens_used" name="tokens" fill="#7950f2" />
              </BarChart>
            </Chart>
          )}
        </Loaded>
        <Loaded what="metrics" state={metrics}>
          {(m) => (
            <Chart title="Tasks and outreach per agent">
              <BarChart data={m.agents}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="agent" fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip />
                <Legend />
                <Bar dataKey="tasks_completed" name="tasks done" fill="#40c057" />
                <Bar dataKey="tasks_failed" name="tasks failed" fill="#fa5252" />
                <Bar dataKey="outbox_sent" name="messages sent" fill="#228be6" />
                <Bar dataKey="responses" name="responses" fill="#fab005" />
              </BarChart>
            </Chart>
          )}
        </Loaded>
      </SimpleGrid>
    </Stack>
  );
}
