// REST calls from the console: same origin, authenticated by the HttpOnly session cookie.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(path, {
    credentials: "same-origin",
    ...rest,
    headers: { Accept: "application/json", ...(json !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const message = typeof body?.error === "string" ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface SessionInfo {
  tenant_id: string;
  key_name: string | null;
  role: string;
  person: string | null;
}

export interface Reason {
  rule?: string;
  message: string;
  facts?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Approval {
  id: number;
  thread_id: string;
  action_id: string;
  agent: string;
  tool: string;
  args: Record<string, unknown>;
  summary: string;
  reasons: Reason[];
  status: string;
  decision: { type?: string; message?: string | null; args?: Record<string, unknown> } | null;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  executed_at: string | null;
  result: Record<string, unknown> | null;
  created_at: string;
}

export interface Tool {
  name: string;
  effect: "read" | "draft" | "external";
  description: string;
  args_schema: JsonSchema;
}

export interface Agent {
  agent: string;
  enabled: boolean;
  autonomy_mode: "full_auto" | "assisted" | "review_only";
  auto_approve: boolean;
  max_daily_outreach: number;
  tone: string;
  followup_delay_days: number;
  max_followups: number;
  max_daily_refund_per_customer: number;
  updated_at: string | null;
  tools: Tool[];
}

export interface Run {
  id: string;
  thread_id: string;
  kind: string;
  status: string;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  agents: string[];
  error: string | null;
  actor: string;
  tokens: { input: number; output: number; total: number };
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  live: boolean;
}

export interface ActivityItem {
  id: string;
  kind: string;
  at: string;
  event: string;
  agents: string[];
  thread_id: string | null;
  actor: string;
  person: string | null;
  summary: string;
}

export interface AgentMessage {
  id: number;
  from_agent: string;
  to_agent: string;
  message_type: string;
  priority: string;
  payload: Record<string, unknown>;
  requires_response: boolean;
  thread_id: string | null;
  created_at: string;
  read_at: string | null;
  responded_at: string | null;
}

export interface AgentMetrics {
  agent: string;
  tasks_completed: number;
  tasks_failed: number;
  messages_sent: number;
  outbox_sent: number;
  agent_messages_sent: number;
  responses: number;
  response_rate: number | null;
  tokens_used: number;
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  items?: JsonSchema;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}
