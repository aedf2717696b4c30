import { Button, Card, Center, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { api, type SessionInfo } from "../api";

/** A person pastes their API key; the server answers with an HttpOnly session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api<SessionInfo>("/session", { method: "POST", json: { key } }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      setKey("");
    }
  }

  return (
    <Center h="100vh" bg="gray.0">
      <Card withBorder shadow="sm" w={420} p="xl" component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>Sign in to Switchboard</Title>
          <Text size="sm" c="dimmed">
            Paste the API key `make run` printed (or one from `switchboard keys create`). It is exchanged for a
            session cookie and not kept in this page.
          </Text>
          <PasswordInput
            label="API key"
            placeholder="sb_…"
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            error={error}
            required
            autoFocus
          />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </Card>
    </Center>
  );
}
