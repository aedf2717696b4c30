import { AppShell, Badge, Button, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import {
  IconActivity,
  IconChartBar,
  IconChecklist,
  IconMessages,
  IconPlayerPlay,
  IconPlugConnected,
  IconRobot,
} from "@tabler/icons-react";
import { lazy, Suspense, useCallback, useState } from "react";
import { Navigate, NavLink as RouterLink, Route, Routes, useSearchParams } from "react-router-dom";
import type { SessionInfo } from "../api";
import { ChatSidebar } from "../chat/ChatSidebar";
import { Loading } from "../components/States";
import { ActivityPage } from "./ActivityPage";
import { AgentsPage } from "./AgentsPage";
import { ApprovalsPage } from "./ApprovalsPage";
import { IntegrationsPage } from "./IntegrationsPage";
import { MessagesPage } from "./MessagesPage";
import { RunsPage } from "./RunsPage";

// Recharts loads with the metrics page only, not with the first paint.
const MetricsPage = lazy(() => import("./MetricsPage").then((m) => ({ default: m.MetricsPage })));

const PAGES = [
  { to: "approvals", label: "Approvals", icon: IconChecklist },
  { to: "runs", label: "Runs", icon: IconPlayerPlay },
  { to: "agents", label: "Agents", icon: IconRobot },
  { to: "activity", label: "Activity", icon: IconActivity },
  { to: "messages", label: "Agent messages", icon: IconMessages },
  { to: "metrics", label: "Metrics", icon: IconChartBar },
  { to: "integrations", label: "Integrations & health", icon: IconPlugConnected },
];

const THREAD_KEY = "switchboard.thread";

/** The chat's thread: `?thread=` (links from the console), else the last one, else new. */
function useThread(): [string, (id?: string) => void] {
  const [params, setParams] = useSearchParams();
  const [stored, setStored] = useState(() => localStorage.getItem(THREAD_KEY) ?? crypto.randomUUID());
  const fromUrl = params.get("thread");
  const threadId = fromUrl ?? stored;
  if (localStorage.getItem(THREAD_KEY) !== threadId) localStorage.setItem(THREAD_KEY, threadId);
  const open = useCallback(
    (id?: string) => {
      const next = id ?? crypto.randomUUID();
      localStorage.setItem(THREAD_KEY, next);
      setStored(next);
      setParams((p) => {
        p.delete("thread");
        if (id) p.set("thread", id);
        return p;
      });
    },
    [setParams],
  );
  return [threadId, open];
}

export function Shell({ session, onSignOut }: { session: SessionInfo; onSignOut: () => void }) {
  const [threadId, openThread] = useThread();
  return (
    <ChatSidebar key={threadId} threadId={threadId}>
      <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm" }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Group gap="xs">
              <Title order={3}>Switchboard</Title>
              <Badge variant="light">{session.tenant_id}</Badge>
            </Group>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {session.person ?? session.key_name} · {session.role}
              </Text>
              <Button size="xs" variant="light" onClick={() => openThread()}>
                New conversation
              </Button>
              <Button size="xs" variant="default" onClick={onSignOut}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          <ScrollArea>
            <nav aria-label="Console">
              {PAGES.map(({ to, label, icon: Icon }) => (
                <NavLink key={to} component={RouterLink} to={`/${to}`} label={label} leftSection={<Icon size={18} />} />
              ))}
            </nav>
            <Text size="xs" c="dimmed" mt="md" px="xs">
              Conversation {threadId.slice(0, 8)}
            </Text>
          </ScrollArea>
        </AppShell.Navbar>
        <AppShell.Main>
          <Routes>
            <Route path="/" element={<Navigate to="/approvals" replace />} />
            <Route path="/approvals" element={<ApprovalsPage openThread={openThread} />} />
            <Route path="/runs" element={<RunsPage openThread={openThread} />} />
            <Route path="/agents" element={<AgentsPage />} />
            <Route path="/activity" element={<ActivityPage />} />
            <Route path="/messages" element={<MessagesPage />} />
            <Route
              path="/metrics"
              element={
                <Suspense fallback={<Loading what="metrics" />}>
                  <MetricsPage />
                </Suspense>
              }
            />
            <Route path="/integrations" element={<IntegrationsPage />} />
            <Route path="*" element={<Navigate to="/approvals" replace />} />
          </Routes>
        </AppShell.Main>
      </AppShell>
    </ChatSidebar>
  );
}
