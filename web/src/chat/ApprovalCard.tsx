import { Badge, Button, Card, Code, Group, List, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type Approval, type Page } from "../api";
import { SchemaForm } from "./SchemaForm";
import { useToolSchemas } from "./toolSchemas";

/** The HITL request the approval gate sends (`nodes/approval.hitl_request`). */
export interface HitlRequest {
  action_requests: { name: string; args: Record<string, unknown>; description?: string }[];
  review_configs?: { action_name: string; allowed_decisions: string[] }[];
  action_ids?: string[];
}

export type Decision =
  | { type: "approve" }
  | { type: "edit"; edited_action: { name: string; args: Record<string, unknown> } }
  | { type: "reject"; message: string }
  | { type: "respond"; message: string };

export function parseRequest(value: unknown): HitlRequest | null {
  const parsed = typeof value === "string" ? safeJson(value) : value;
  if (parsed && typeof parsed === "object" && Array.isArray((parsed as HitlRequest).action_requests)) {
    return parsed as HitlRequest;
  }
  return null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function money(value: unknown): string {
  return typeof value === "number" || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value))
    ? `$${Number(value).toLocaleString("en-US", { minimumFractionDigits: 2 })}`
    : String(value);
}

function ArgsTable({ args }: { args: Record<string, unknown> }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Action arguments">
      <Table.Tbody>
        {Object.entries(args).map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed" w="40%">
              {k.replace(/_/g, " ")}
            </Table.Td>
            <Table.Td>{k === "amount" ? money(v) : typeof v === "object" ? <Code>{JSON.stringify(v)}</Code> : String(v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Mode = "idle" | "edit" | "reject" | "respond";

/**
 * One pending action: what will happen, the policy's reasons and facts, and the four
 * decisions. Reasons come from GET /approvals (the row mirroring this interrupt), else
 * from the request's description.
 */
function ActionCard({
  request,
  threadId,
  actionId,
  allowed,
  decided,
  onDecide,
}: {
  request: HitlRequest["action_requests"][number];
  threadId?: string;
  actionId?: string;
  allowed: string[];
  decided?: Decision;
  onDecide: (d: Decision) => void;
}) {
  const schemas = useToolSchemas();
  const [mode, setMode] = useState<Mode>("idle");
  const [text, setText] = useState("");
  const [row, setRow] = useState<Approval>();
  useEffect(() => {
    if (!threadId || !actionId) return;
    api<Page<Approval>>(`/approvals?status=any&thread_id=${encodeURIComponent(threadId)}&limit=200`)
      .then((page) => setRow(page.items.find((a) => a.action_id === actionId)))
      .catch(() => undefined);
  }, [threadId, actionId]);
  const [summary, ...lines] = (request.description ?? "").split("\n");
  const reasons = row?.reasons?.length
    ? row.reasons.map((r) => ({ message: r.message, rule: r.rule }))
    : lines.filter(Boolean).map((l) => ({ message: l.replace(/^- /, ""), rule: undefined }));

  return (
    <Card withBorder radius="md" p="sm" role="region" aria-label={`Approval: ${request.name}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>Approval needed: {request.name.replace(/_/g, " ")}</Title>
          {row && <Badge variant="light">{row.agent}</Badge>}
        </Group>
        <Text size="sm">{row?.summary ?? summary}</Text>
        <ArgsTable args={request.args} />
        {reasons.length > 0 && (
          <>
            <Text size="xs" fw={600} c="dimmed">
              Why a person decides
            </Text>
            <List size="sm" spacing={2} aria-label="Policy reasons">
              {reasons.map((r, i) => (
                <List.Item key={i}>
                  {r.message}
                  {r.rule && (
                    <Text span c="dimmed" size="xs">
                      {" "}
                      ({r.rule})
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          </>
        )}
        {decided ? (
          <Text size="sm" fw={600} role="status">
            Decision sent: {decided.type}
          </Text>
        ) : mode === "edit" ? (
          <SchemaForm
            schema={schemas[request.name] ?? {}}
            initial={request.args}
            submitLabel="Approve with these changes"
            onCancel={() => setMode("idle")}
            onSubmit={(args) => onDecide({ type: "edit", edited_action: { name: request.name, args } })}
          />
        ) : mode === "reject" || mode === "respond" ? (
          <Stack gap="xs">
            <Textarea
              label={mode === "reject" ? "Reason for rejecting" : "Your answer to the agent"}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={2}
              required
              error={text.trim() ? undefined : "Required"}
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setMode("idle")}>
                Cancel
              </Button>
              <Button
                size="xs"
                color={mode === "reject" ? "red" : "blue"}
                disabled={!text.trim()}
                onClick={() => onDecide({ type: mode, message: text.trim() })}
              >
                {mode === "reject" ? "Reject action" : "Send answer"}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group gap="xs">
            {allowed.includes("approve") && (
              <Button size="xs" color="green" onClick={() => onDecide({ type: "approve" })}>
                Approve
              </Button>
            )}
            {allowed.includes("edit") && (
              <Button size="xs" variant="light" onClick={() => setMode("edit")}>
                Edit
              </Button>
            )}
            {allowed.includes("reject") && (
              <Button size="xs" variant="light" color="red" onClick={() => setMode("reject")}>
                Reject
              </Button>
            )}
            {allowed.includes("respond") && (
              <Button size="xs" variant="subtle" onClick={() => setMode("respond")}>
                Respond
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** All actions of one interrupt; the resume goes once every action has a decision. */
export function ApprovalCard({
  request,
  threadId,
  resolve,
}: {
  request: HitlRequest;
  threadId?: string;
  resolve: (answer: { decisions: Decision[] }) => void;
}) {
  const [decisions, setDecisions] = useState<(Decision | undefined)[]>(() => request.action_requests.map(() => undefined));
  const [sent, setSent] = useState(false);
  function decide(index: number, decision: Decision) {
    const next = decisions.map((d, i) => (i === index ? decision : d));
    setDecisions(next);
    if (!sent && next.every(Boolean)) {
      setSent(true);
      resolve({ decisions: next as Decision[] });
    }
  }
  return (
    <Stack gap="xs" my="xs">
      {request.action_requests.map((action, i) => (
        <ActionCard
          key={i}
          request={action}
          threadId={threadId}
          actionId={request.action_ids?.[i]}
          allowed={
            request.review_configs?.find((c) => c.action_name === action.name)?.allowed_decisions ?? [
              "approve",
              "edit",
              "reject",
              "respond",
            ]
          }
          decided={decisions[i]}
          onDecide={(d) => decide(i, d)}
        />
      ))}
    </Stack>
  );
}
