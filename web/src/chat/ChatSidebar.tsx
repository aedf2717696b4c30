import { CopilotKit, useCoAgentStateRender, useLangGraphInterrupt } from "@copilotkit/react-core";
import { UseAgentUpdate, useAgent, useCopilotKit } from "@copilotkit/react-core/v2";
import { CopilotSidebar } from "@copilotkit/react-ui";
import type { ReactNode } from "react";
import { ApprovalCard, parseRequest, type Decision } from "./ApprovalCard";
import { ReopenThread } from "./ReopenThread";
import { PlanProgress, samePlan, type PlanState } from "./PlanProgress";

export const AGENT = "switchboard";

/**
 * A turn's plan card, with the last statuses the agent reported for that plan.
 *
 * react-core 1.74 binds a state render to a chat message and hands it the state it cached
 * for that message, not the agent's state. The answer streams under the model call's
 * message id and the run's closing MESSAGES_SNAPSHOT names the stored answer with another
 * id, after the last STATE_SNAPSHOT. The new message gets the snapshot cached while the plan
 * was still working (the live state equals the library's "latest" cache, so it deems it
 * stale), and the finished run read "0 of 1 departments done · stopped". The bound state
 * still tells which plan the card is for; the statuses come from the newest state with
 * that plan: the agent's own, or the one CopilotKit kept for an earlier run of the thread.
 */
function PlanCard({ bound, running }: { bound: PlanState; running: boolean }) {
  const { agent } = useAgent({ agentId: AGENT, updates: [UseAgentUpdate.OnStateChanged] });
  const { copilotkit } = useCopilotKit();
  const threadId = agent.threadId ?? "";
  const reported = [
    agent.state as PlanState | undefined,
    ...copilotkit
      .getRunIdsForThread(AGENT, threadId)
      .reverse()
      .map((runId) => copilotkit.getStateByRun(AGENT, threadId, runId) as PlanState | undefined),
  ];
  const latest = reported.find((state) => state !== undefined && samePlan(bound, state));
  return <PlanProgress state={latest ?? bound} running={running} />;
}

/** The approval card and the plan's progress, rendered inside the chat. */
function ChatRenderers({ threadId }: { threadId: string }) {
  useLangGraphInterrupt({
    render: ({ event, resolve }) => {
      const request = parseRequest(event.value);
      if (!request) return <>The agent is waiting for an answer this page cannot show.</>;
      // react-core passes the payload through as the resume value (typed as string).
      const answer = (value: { decisions: Decision[] }) => resolve(value as unknown as string);
      return <ApprovalCard request={request} threadId={threadId} resolve={answer} />;
    },
  });
  useCoAgentStateRender<PlanState>({
    name: AGENT,
    render: ({ state, status }) => (
      <PlanCard bound={state ?? {}} running={status !== "complete"} />
    ),
  });
  return null;
}

/**
 * One CopilotKit provider at the root, the sidebar on every page. The browser talks to
 * /copilotkit on this origin with its session cookie; no key is configured here.
 */
export function ChatSidebar({ threadId, children }: { threadId: string; children: ReactNode }) {
  return (
    <CopilotKit runtimeUrl="/copilotkit" agent={AGENT} threadId={threadId} credentials="same-origin" showDevConsole={false} enableInspector={false}>
      <ChatRenderers threadId={threadId} />
      <ReopenThread agentId={AGENT} threadId={threadId} />
      <CopilotSidebar
        defaultOpen
        clickOutsideToClose={false}
        labels={{
          title: "Switchboard",
          initial:
            "Ask the team: “Give me the daily insights”, “Refund order ORD-10501”, or “Launch the event: analyse the audience, then find sponsors and start the campaign”.",
          placeholder: "Ask Switchboard…",
        }}
      >
        {children}
      </CopilotSidebar>
    </CopilotKit>
  );
}
