import { useEffect, useState } from "react";
import { api, type Agent, type JsonSchema } from "../api";

let cache: Promise<Record<string, JsonSchema>> | null = null;

/** Every tool's argument schema, from GET /agents (fetched once per page). */
export function useToolSchemas(): Record<string, JsonSchema> {
  const [schemas, setSchemas] = useState<Record<string, JsonSchema>>({});
  useEffect(() => {
    cache ??= api<Agent[]>("/agents").then((agents) =>
      Object.fromEntries(agents.flatMap((a) => a.tools.map((t) => [t.name, t.args_schema]))),
    );
    cache.then(setSchemas).catch(() => (cache = null));
  }, []);
  return schemas;
}
