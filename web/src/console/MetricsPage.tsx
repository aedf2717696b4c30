import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Funnel,
  FunnelChart,
  LabelList,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
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

interface TicketForecast {
  event: string;
  days_to_event: number;
  sold_so_far: number;
  target: number | null;
  capacity: number;
  point: number;
  low: number;
  high: number;
  method_note: string;
  cumulative: { days_out: number; current: number | null; reference: number | null }[];
}

interface Funnel {
  event: string | null;
  campaigns: { name: string; channel: string; delivered: number; impressions: number; opens: number; clicks: number; conversions: number }[];
}

/** Tickets sold by days before the event, last edition beside it, and the forecast band. */
function TicketsChart({ f }: { f: TicketForecast }) {
  type Row = { label: string; current?: number | null; reference?: number | null; forecast?: number; band?: [number, number] };
  const rows: Row[] = [...f.cumulative]
    .sort((a, b) => b.days_out - a.days_out)
    .map((r) => ({ label: `${r.days_out} d`, current: r.current, reference: r.reference }));
  const now = rows.at(-1);
  if (now?.current != null) {
    now.forecast = now.current;
    now.band = [now.current, now.current]; // the interval opens from today to the event
  }
  rows.push({ label: "event", forecast: f.point, band: [f.low, f.high] });
  return (
    <Chart title={`Ticket sales vs forecast — ${f.event}`}>
      <ComposedChart data={rows}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis fontSize={11} domain={[0, Math.max(f.high, f.target ?? 0) * 1.05]} />
        <Tooltip />
        <Legend />
        <Area dataKey="band" name={`80% interval ${f.low}–${f.high}`} fill="#228be6" fillOpacity={0.2} stroke="#228be6" />
        <Line dataKey="forecast" name={`forecast ${f.point}`} stroke="#228be6" strokeDasharray="5 5" connectNulls />
        {f.target && <ReferenceLine y={f.target} stroke="#fa5252" label={`target ${f.target}`} />}
        <Area dataKey="reference" name="last edition" fill="#dee2e6" stroke="#adb5bd" />
        <Line dataKey="current" name="this edition" stroke="#228be6" strokeWidth={2} />
      </ComposedChart>
    </Chart>
  );
}

function FunnelCharts({ funnel }: { funnel: Funnel }) {
  const email = funnel.campaigns.filter((c) => c.channel === "email");
  const totals = email.reduce(
    (t, c) => ({ delivered: t.delivered + c.delivered, opens: t.opens + c.opens, clicks: t.clicks + c.clicks, conversions: t.conversions + c.conversions }),
    { delivered: 0, opens: 0, clicks: 0, conversions: 0 },
  );
  const stages = [
    { name: "delivered", value: totals.delivered, fill: "#228be6" },
    { name: "opened", value: totals.opens, fill: "#15aabf" },
    { name: "clicked", value: totals.clicks, fill: "#40c057" },
    { name: "converted", value: totals.conversions, fill: "#fab005" },
  ];
  return (
    <Chart title={`Email campaign funnel — ${funnel.event}`}>
      <FunnelChart>
        <Tooltip />
        <Funnel dataKey="value" data={stages} isAnimationActive={false}>
          <LabelList position="right" fill="#333" stroke="none" dataKey="name" />
          <LabelList position="center" fill="#fff" stroke="none" dataKey="value" />
        </Funnel>
      </FunnelChart>
    </Chart>
  );
}

/** Seed 001's performance view: runs and approvals per agent per day, tokens, outcomes. */
export function MetricsPage() {
  const metrics = useFetch<{ agents: AgentMetrics[] }>("/metrics/agents", 15000);
  const runs = useFetch<Page<Run>>("/runs?limit=200", 15000);
  const approvals = useFetch<Page<Approval>>("/approvals?status=any&limit=200", 15000);
  const tickets = useFetch<TicketForecast>("/metrics/tickets", 60000);
  const funnel = useFetch<Funnel>("/metrics/funnel", 60000);
  return (
    <Stack>
      <Title order={2}>Metrics</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Loaded what="the ticket forecast" state={tickets}>
          {(f) => <TicketsChart f={f} />}
        </Loaded>
        <Loaded
          what="campaign funnels"
          state={funnel}
          empty={(f) => (f.campaigns.some((c) => c.channel === "email") ? null : <Empty title="No email campaigns yet" />)}
        >
          {(f) => <FunnelCharts funnel={f} />}
        </Loaded>
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
