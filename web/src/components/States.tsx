import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** Loading / error / empty states, designed once and used by every panel. */
export function Loading({ what }: { what: string }) {
  return (
    <Center py="xl" role="status" aria-label={`Loading ${what}`}>
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">Loading {what}…</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Could not load this" role="alert">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {retry && (
          <Button size="xs" variant="light" color="red" onClick={retry} w="fit-content">
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4}>
        <ThemeIcon variant="light" size="xl" radius="xl">
          <IconInbox />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children && (
          <Text c="dimmed" size="sm" ta="center" maw={420}>
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}

/** Render a loaded resource with the three states handled. */
export function Loaded<T>({
  what,
  state,
  empty,
  children,
}: {
  what: string;
  state: { data: T | undefined; error: string | undefined; loading: boolean; reload: () => void };
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  if (state.error && state.data === undefined) return <ErrorState message={state.error} retry={state.reload} />;
  if (state.data === undefined) return <Loading what={what} />;
  const blank = empty?.(state.data);
  return <>{blank ?? children(state.data)}</>;
}
