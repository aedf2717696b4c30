import { useAgent, useCopilotKit } from "@copilotkit/react-core/v2";
import { useEffect, useRef } from "react";
import { api } from "../api";

/**
 * Bring back a thread's history and pending approval when the page (re)opens it.
 *
 * The CopilotKit runtime keeps a thread's events in memory, so after a server restart (or
 * a thread started elsewhere) its `connect` has nothing to replay. When the thread has
 * runs on the server but the chat shows nothing, this sends a run with no new message:
 * `POST /agui` answers it as a reopen (message and state snapshots, then the pending
 * interrupt, which the approval card renders) without running the graph.
 */
export function ReopenThread({ agentId, threadId }: { agentId: string; threadId: string }) {
  const { agent, isReady } = useAgent({ agentId });
  const { copilotkit } = useCopilotKit();
  const done = useRef(false);
  useEffect(() => {
    if (!isReady || done.current) return;
    done.current = true;
    let live = true;
    api<{ runs: number }>(`/threads/${encodeURIComponent(threadId)}`)
      .then(async (thread) => {
        if (!live || thread.runs === 0) return;
        await new Promise((r) => setTimeout(r, 300)); // let the runtime's own replay land first
        if (!live || agent.messages.length > 0 || agent.isRunning) return;
        await copilotkit.runAgent({ agent });
      })
      .catch(() => undefined); // a new thread (404) has nothing to reopen
    return () => {
      live = false;
    };
  }, [isReady, agent, copilotkit, threadId]);
  return null;
}
