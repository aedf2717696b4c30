import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Loaded } from "../components/States";
import { useFetch } from "../useFetch";

interface Connector {
  name: string;
  kind: string;
  configured: boolean;
  backend: string;
  detail: string;
}

/** Seed 002's integrations status and agent health (readiness of the stores a run needs). */
export function IntegrationsPage() {
  const integrations = useFetch<{ connectors: Connector[] }>("/integrations");
  const health = useFetch<Record<string, string>>("/health/ready", 10000);
  return (
    <Stack>
      <Title order={2}>Integrations & health</Title>
      <Loaded what="health" state={health}>
        {(h) => (
          <Card withBorder role="region" aria-label="Health">
            <Group>
              <Badge color={h.status === "ok" ? "green" : "red"} size="lg">
                {h.status === "ok" ? "Ready" : "Not ready"}
              </Badge>
              {Object.entries(h)
                .filter(([k]) => k !== "status")
                .map(([k, v]) => (
                  <Text key={k} size="sm">
                    {k}: <b>{v}</b>
                  </Text>
                ))}
            </Group>
          </Card>
        )}
      </Loaded>
      <Loaded what="integrations" state={integrations}>
        {(r) => (
          <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
            {r.connectors.map((c) => (
              <Card key={c.name} withBorder>
                <Group justify="space-between">
                  <Text fw={600}>{c.name}</Text>
                  <Badge color={c.configured ? "green" : "gray"}>{c.configured ? "configured" : "embedded default"}</Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {c.kind} · {c.backend}
                </Text>
                <Text size="sm" mt="xs">
                  {c.detail}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Loaded>
    </Stack>
  );
}
