import { Badge, Card, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { api, type Agent } from "../api";
import { Loaded } from "../components/States";
import { useFetch } from "../useFetch";
import { when } from "./format";

const MODES = [
  { value: "full_auto", label: "Full auto" },
  { value: "assisted", label: "Assisted" },
  { value: "review_only", label: "Review only" },
];

function AgentCard({ agent, onSaved }: { agent: Agent; onSaved: (a: Agent) => void }) {
  async function save(update: Partial<Agent>) {
    try {
      onSaved(await api<Agent>(`/agents/${agent.agent}`, { method: "PATCH", json: update }));
      notifications.show({ color: "green", title: `${agent.agent} updated`, message: Object.keys(update).join(", ") });
    } catch (e) {
      notifications.show({ color: "red", title: `Could not update ${agent.agent}`, message: (e as Error).message });
    }
  }
  const name = agent.agent[0].toUpperCase() + agent.agent.slice(1);
  return (
    <Card withBorder radius="md" role="region" aria-label={`${name} agent`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{name}</Title>
          <Switch
            label={agent.enabled ? "Enabled" : "Paused"}
            checked={agent.enabled}
            onChange={(e) => save({ enabled: e.currentTarget.checked })}
          />
        </Group>
        <div>
          <Text size="sm" fw={500} id={`mode-${agent.agent}`}>
            Autonomy mode
          </Text>
          <SegmentedControl
            fullWidth
            aria-labelledby={`mode-${agent.agent}`}
            data={MODES}
            value={agent.autonomy_mode}
            onChange={(v) => save({ autonomy_mode: v as Agent["autonomy_mode"] })}
          />
        </div>
        <Switch
          label="Auto-approve drafts"
          checked={agent.auto_approve}
          onChange={(e) => save({ auto_approve: e.currentTarget.checked })}
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label="Daily outreach cap"
            min={0}
            max={1000}
            defaultValue={agent.max_daily_outreach}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== agent.max_daily_outreach) save({ max_daily_outreach: v });
            }}
          />
          <Select
            label="Tone"
            data={["professional", "friendly", "casual"]}
            value={agent.tone}
            onChange={(v) => v && save({ tone: v })}
          />
          <NumberInput
            label="Follow-up delay (days)"
            min={1}
            max={60}
            defaultValue={agent.followup_delay_days}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== agent.followup_delay_days) save({ followup_delay_days: v });
            }}
          />
          <NumberInput
            label="Follow-ups before escalating"
            min={0}
            max={10}
            defaultValue={agent.max_followups}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== agent.max_followups) save({ max_followups: v });
            }}
          />
        </SimpleGrid>
        <Group gap={4}>
          {agent.tools.map((t) => (
            <Badge key={t.name} size="xs" variant="light" color={t.effect === "external" ? "orange" : t.effect === "draft" ? "blue" : "gray"}>
              {t.name}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {agent.updated_at ? `Configured ${when(agent.updated_at)}` : "On defaults"}
        </Text>
      </Stack>
    </Card>
  );
}

/** Seed 001/002 agent configuration: enable/pause, autonomy, auto-approve, caps, tone, follow-ups. */
export function AgentsPage() {
  const state = useFetch<Agent[]>("/agents");
  return (
    <Stack>
      <Title order={2}>Agents</Title>
      <Loaded what="agents" state={state}>
        {(agents) => (
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {agents.map((a) => (
              <AgentCard key={a.agent} agent={a} onSaved={() => state.reload()} />
            ))}
          </SimpleGrid>
        )}
      </Loaded>
    </Stack>
  );
}
