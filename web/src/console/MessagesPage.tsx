import { Badge, Card, Code, Group, Stack, Text, Title } from "@mantine/core";
import type { AgentMessage, Page } from "../api";
import { Empty, Loaded } from "../components/States";
import { useFetch } from "../useFetch";
import { when } from "./format";

/** Seed 001's agent collaboration: messages one department sends another. */
export function MessagesPage() {
  const state = useFetch<Page<AgentMessage>>("/messages?limit=100", 5000);
  return (
    <Stack>
      <Title order={2}>Agent messages</Title>
      <Loaded
        what="agent messages"
        state={state}
        empty={(p) =>
          p.items.length === 0 ? <Empty title="No messages between agents yet">Hand-offs such as “follow up in 3 days” appear here.</Empty> : null
        }
      >
        {(page) => (
          <Stack gap="xs" aria-label="Agent messages">
            {page.items.map((m) => (
              <Card key={m.id} withBorder p="sm">
                <Group justify="space-between">
                  <Group gap="xs">
                    <Badge>{m.from_agent}</Badge>
                    <Text size="sm">→</Text>
                    <Badge variant="outline">{m.to_agent}</Badge>
                    <Badge variant="light" color="gray">
                      {m.message_type}
                    </Badge>
                    {m.priority !== "normal" && <Badge color="orange">{m.priority}</Badge>}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {when(m.created_at)} {m.responded_at ? "· answered" : m.requires_response ? "· awaiting answer" : ""}
                  </Text>
                </Group>
                <Code block mt="xs">
                  {JSON.stringify(m.payload, null, 1)}
                </Code>
              </Card>
            ))}
          </Stack>
        )}
      </Loaded>
    </Stack>
  );
}
