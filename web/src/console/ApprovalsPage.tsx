import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { api, type Approval, type Page } from "../api";
import { Empty, Loaded } from "../components/States";
import { useFetch } from "../useFetch";
import { argsLine, when } from "./format";

const STATUS = ["pending", "approved", "edited", "rejected", "responded", "any"];
const AGENTS = ["sales", "marketing", "operations", "support", "analytics", "research"];
const COLORS: Record<string, string> = { pending: "yellow", approved: "green", edited: "teal", rejected: "red", responded: "blue" };

/** Seed 002's approvals queue: every thread's pending actions, filters, bulk decisions. */
export function ApprovalsPage({ openThread }: { openThread: (id: string) => void }) {
  const [status, setStatus] = useState("pending");
  const [agent, setAgent] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const query = `/approvals?status=${status}${agent ? `&agent=${agent}` : ""}&limit=200`;
  const state = useFetch<Page<Approval>>(query, 10000);

  async function decide(decision: "approve" | "reject", ids: number[]) {
    setBusy(true);
    try {
      const outcome = await api<{ decided: number; failed: number; results: { id: number; ok: boolean; error: string | null }[] }>(
        "/approvals/bulk",
        { method: "POST", json: { ids, decision, message: reason.trim() || null } },
      );
      const failed = outcome.results.filter((r) => !r.ok);
      notifications.show({
        color: failed.length ? "orange" : "green",
        title: `${decision === "approve" ? "Approved" : "Rejected"} ${outcome.decided} of ${ids.length}`,
        message: failed.map((f) => `#${f.id}: ${f.error}`).join("; ") || "Done.",
      });
      setSelected([]);
      setReason("");
    } catch (e) {
      notifications.show({ color: "red", title: "Decision failed", message: (e as Error).message });
    } finally {
      setBusy(false);
      state.reload();
    }
  }

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Approvals</Title>
        <Group>
          <Select label="Status" data={STATUS} value={status} onChange={(v) => v && setStatus(v)} w={150} />
          <Select label="Agent" data={AGENTS} value={agent} onChange={setAgent} clearable placeholder="All agents" w={160} />
        </Group>
      </Group>
      {selected.length > 0 && (
        <Group align="end" p="sm" bg="gray.0" style={{ borderRadius: 8 }}>
          <Textarea
            label={`Reason for the ${selected.length} selected (kept with each decision)`}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            style={{ flex: 1 }}
          />
          <Button color="green" loading={busy} onClick={() => decide("approve", selected)}>
            Approve selected
          </Button>
          <Button color="red" variant="light" loading={busy} onClick={() => decide("reject", selected)}>
            Reject selected
          </Button>
        </Group>
      )}
      <Loaded
        what="approvals"
        state={state}
        empty={(page) =>
          page.items.length === 0 ? (
            <Empty title={status === "pending" ? "Nothing waits for a decision" : "No approvals match"}>
              Actions the policy sends to a person (refunds over $500, outreach past the daily cap, deals over
              $50,000…) appear here from every conversation.
            </Empty>
          ) : null
        }
      >
        {(page) => (
          <Table striped highlightOnHover aria-label="Approvals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>Action</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Decided</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    {a.status === "pending" && (
                      <Checkbox
                        aria-label={`Select ${a.tool} #${a.id}`}
                        checked={selected.includes(a.id)}
                        onChange={(e) =>
                          setSelected((s) => (e.currentTarget.checked ? [...s, a.id] : s.filter((x) => x !== a.id)))
                        }
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {a.summary}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {a.agent} · {a.tool} · {argsLine(a.args)}
                    </Text>
                    <Anchor size="xs" component="button" onClick={() => openThread(a.thread_id)}>
                      Open conversation
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {a.reasons.map((r, i) => (
                      <Text key={i} size="xs">
                        {r.message}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[a.status] ?? "gray"}>{a.status}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {a.decided_by ? (
                      <Text size="xs">
                        {a.decided_by} · {when(a.decided_at)}
                        {a.decision?.message ? ` — “${a.decision.message}”` : ""}
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        asked {when(a.created_at)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {a.status === "pending" && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" color="green" loading={busy} onClick={() => decide("approve", [a.id])} aria-label={`Approve #${a.id}`}>
                          Approve
                        </Button>
                        <Button size="xs" color="red" variant="light" loading={busy} onClick={() => decide("reject", [a.id])} aria-label={`Reject #${a.id}`}>
                          Reject
                        </Button>
                      </Group>
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
