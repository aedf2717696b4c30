import { useEffect, useState } from "react";
import { api, ApiError, type SessionInfo } from "./api";
import { SignIn } from "./auth/SignIn";
import { Loading } from "./components/States";
import { Shell } from "./console/Shell";

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    api<SessionInfo>("/session")
      .then(setSession)
      .catch((e) => setSession(e instanceof ApiError && e.status === 401 ? null : null));
  }, []);
  if (session === undefined) return <Loading what="your session" />;
  if (session === null) return <SignIn onSignedIn={setSession} />;
  return (
    <Shell
      session={session}
      onSignOut={async () => {
        await api("/session", { method: "DELETE" });
        setSession(null);
      }}
    />
  );
}
