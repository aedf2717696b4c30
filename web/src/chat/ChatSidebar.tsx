import { CopilotKit, useCoAgentStateRender, useLangGraphInterrupt } from "@copilotkit/react-core";
import { CopilotSidebar } from "@copilotkit/react-ui";
import type { ReactNode } from "react";
import { ApprovalCard, parseRequest, type Decision } from "./ApprovalCard";
import { ReopenThread } from "./ReopenThread";
import { PlanProgress, type PlanState } from "./PlanProgress";

export const AGENT = "switchboard";

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
      <PlanProgress state={state ?? {}} running={status !== "complete"} />
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
