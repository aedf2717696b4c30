import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { api, type Page, type Run } from "../api";
import { Empty, Loaded } from "../components/States";
import { useFetch } from "../useFetch";
import { when } from "./format";

const COLORS: Record<string, string> = { running: "blue", done: "green", interrupted: "yellow", error: "red", cancelled: "gray" };

/** Seed 002's run history with live status and cancel, and the error queue with retry. */
export function RunsPage({ openThread }: { openThread: (id: string) => void }) {
  const [view, setView] = useState("all");
  const state = useFetch<Page<Run>>(view === "errors" ? "/errors?limit=100" : "/runs?limit=100", 3000);

  async function act(path: string, what: string) {
    try {
      await api(path, { method: "POST" });
      notifications.show({ color: "green", title: what, message: path });
    } catch (e) {
      notifications.show({ color: "red", title: `${what} failed`, message: (e as Error).message });
    }
    state.reload();
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Runs</Title>
        <SegmentedControl
          data={[
            { value: "all", label: "All runs" },
            { value: "errors", label: "Error queue" },
          ]}
          value={view}
          onChange={setView}
        />
      </Group>
      <Loaded
        what="runs"
        state={state}
        empty={(page) =>
          page.items.length === 0 ? (
            <Empty title={view === "errors" ? "No failed runs" : "No runs yet"}>
              {view === "errors" ? "Runs that end in an error wait here to be retried." : "Ask something in the chat to start one."}
            </Empty>
          ) : null
        }
      >
        {(page) => (
          <Table striped aria-label={view === "errors" ? "Error queue" : "Runs"}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Request</Table.Th>
                <Table.Th>Agents</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Tokens</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="xs">{when(r.started_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {String(r.input.text ?? (r.kind === "resume" ? "resume after a decision" : r.kind))}
                    </Text>
                    {r.error && (
                      <Text size="xs" c="red" lineClamp={2}>
                        {r.error}
                      </Text>
                    )}
                    <Anchor size="xs" component="button" onClick={() => openThread(r.thread_id)}>
                      Open conversation
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.agents.join(", ") || "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[r.status] ?? "gray"}>{r.live ? "running" : r.status}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.duration_ms != null ? `${(r.duration_ms / 1000).toFixed(1)} s` : "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.tokens.total}</Text>
                  </Table.Td>
                  <Table.Td>
                    {r.status === "running" && (
                      <Button size="xs" variant="light" color="red" onClick={() => act(`/runs/${r.id}/cancel`, "Cancelled")}>
                        Cancel
                      </Button>
                    )}
                    {r.status === "error" && (
                      <Button size="xs" variant="light" onClick={() => act(`/errors/${r.id}/retry`, "Retry started")}>
                        Retry
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loaded>
    </Stack>
  );
}
