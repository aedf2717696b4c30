import { Badge, Card, Group, Loader, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";

/** The slice of state the chat renders: `progress` of the AG-UI snapshot (server/agui_state.py). */
export interface PlanState {
  progress?: {
    step: string;
    department: string;
    playbook?: string | null;
    task?: string;
    status: "waiting" | "working" | "done" | "error";
  }[];
}

/** Both states hold the same plan: the same steps, departments and tasks, in order. */
export function samePlan(a: PlanState, b: PlanState): boolean {
  const x = a.progress ?? [];
  const y = b.progress ?? [];
  return (
    x.length > 0 &&
    x.length === y.length &&
    x.every((s, i) => s.step === y[i].step && s.department === y[i].department && s.task === y[i].task)
  );
}

/** Which departments of the plan are working, waiting on others, done or failed. */
export function PlanProgress({ state, running }: { state: PlanState; running: boolean }) {
  const plan = state.progress ?? [];
  if (plan.length === 0) return null;
  const finished = plan.filter((s) => s.status === "done" || s.status === "error").length;
  return (
    <Card withBorder radius="md" p="xs" my={4} role="region" aria-label="Plan progress">
      <Stack gap={4}>
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Plan: {finished} of {plan.length} departments done
          </Text>
          {running && finished < plan.length && <Loader size="xs" />}
        </Group>
        {plan.map((step) => {
          const finishedStep = step.status === "done" || step.status === "error";
          const status = finishedStep || running ? step.status : "stopped";
          return (
            <Group key={step.step} gap="xs" wrap="nowrap" aria-label={`${step.department}: ${status}`}>
              {status === "done" ? (
                <ThemeIcon size="sm" color="green" radius="xl">
                  <IconCheck size={12} />
                </ThemeIcon>
              ) : status === "error" ? (
                <ThemeIcon size="sm" color="red" radius="xl">
                  <IconX size={12} />
                </ThemeIcon>
              ) : status === "working" ? (
                <Loader size={16} />
              ) : (
                <ThemeIcon size="sm" variant="light" color="gray" radius="xl">
                  {" "}
                </ThemeIcon>
              )}
              <Badge variant="light" size="sm">
                {step.department}
              </Badge>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {status}
                {step.task ? ` · ${step.task}` : ""}
              </Text>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
