import { Badge, Group, Select, Stack, Text, Timeline, Title } from "@mantine/core";
import { useState } from "react";
import type { ActivityItem, Page } from "../api";
import { Empty, Loaded } from "../components/States";
import { useFetch } from "../useFetch";
import { when } from "./format";

const AGENTS = ["sales", "marketing", "operations", "support", "analytics", "research"];

/** Seed 001's activity feed: what agents and people did, newest first. */
export function ActivityPage() {
  const [agent, setAgent] = useState<string | null>(null);
  const state = useFetch<Page<ActivityItem>>(`/activity?limit=100${agent ? `&agent=${agent}` : ""}`, 5000);
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Activity</Title>
        <Select label="Agent" data={AGENTS} value={agent} onChange={setAgent} clearable placeholder="All agents" w={160} />
      </Group>
      <Loaded
        what="activity"
        state={state}
        empty={(p) => (p.items.length === 0 ? <Empty title="Nothing happened yet">Runs, decisions and configuration changes appear here.</Empty> : null)}
      >
        {(page) => (
          <Timeline bulletSize={14} lineWidth={2} aria-label="Activity feed">
            {page.items.map((item) => (
              <Timeline.Item
                key={item.id}
                title={
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {item.summary}
                    </Text>
                    {item.agents.map((a) => (
                      <Badge key={a} size="xs" variant="light">
                        {a}
                      </Badge>
                    ))}
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {item.event} · {item.person ?? item.actor} · {when(item.at)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Loaded>
    </Stack>
  );
}
