import { Badge, Card, Group, Loader, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";

/** The slice of supervisor state the chat renders (graphs/state.SupervisorState). */
export interface PlanState {
  plan?: { id: string; department: string; task: string; depends_on?: string[] }[];
  results?: Record<string, { step_id: string; department: string; status: "done" | "error"; summary?: string }>;
}

/** Which departments of the plan are working, waiting on others, done or failed. */
export function PlanProgress({ state, running }: { state: PlanState; running: boolean }) {
  const plan = state.plan ?? [];
  if (plan.length === 0) return null;
  const results = state.results ?? {};
  const finished = plan.filter((s) => results[s.id]).length;
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
          const result = results[step.id];
          const waiting = (step.depends_on ?? []).some((d) => !results[d]);
          const status = result ? result.status : !running ? "stopped" : waiting ? "waiting" : "working";
          return (
            <Group key={step.id} gap="xs" wrap="nowrap" aria-label={`${step.department}: ${status}`}>
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
                {status} · {step.task}
              </Text>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
