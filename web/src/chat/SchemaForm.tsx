import { Button, Group, NumberInput, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { JsonSchema } from "../api";

/** One field's effective schema: the first non-null branch of an `anyOf`. */
function effective(schema: JsonSchema): JsonSchema & { nullable: boolean } {
  if (!schema.anyOf) return { ...schema, nullable: false };
  const branches = schema.anyOf.filter((b) => b.type !== "null");
  const numeric = branches.find((b) => b.type === "number" || b.type === "integer");
  return { ...schema, ...(numeric ?? branches[0] ?? {}), anyOf: undefined, nullable: branches.length < schema.anyOf.length };
}

/** Why `value` does not fit `schema`, in a sentence, or undefined when it does. */
export function problem(schema: JsonSchema, value: unknown, required: boolean): string | undefined {
  const s = effective(schema);
  if (value === undefined || value === null || value === "") {
    return required && !s.nullable && s.default === undefined ? "Required" : undefined;
  }
  if (s.type === "number" || s.type === "integer") {
    const n = Number(value);
    if (!Number.isFinite(n)) return "Enter a number";
    if (s.type === "integer" && !Number.isInteger(n)) return "Enter a whole number";
    if (s.minimum !== undefined && n < s.minimum) return `At least ${s.minimum}`;
    if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return `More than ${s.exclusiveMinimum}`;
    if (s.maximum !== undefined && n > s.maximum) return `At most ${s.maximum}`;
    if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return `Less than ${s.exclusiveMaximum}`;
  }
  if (s.type === "string" && typeof value === "string") {
    if (s.minLength !== undefined && value.length < s.minLength) return `At least ${s.minLength} characters`;
    if (s.maxLength !== undefined && value.length > s.maxLength) return `At most ${s.maxLength} characters`;
    if (s.pattern && !new RegExp(s.pattern).test(value)) return "Not in the expected format";
  }
  if (s.enum && !s.enum.includes(value)) return `One of ${s.enum.join(", ")}`;
  return undefined;
}

function label(name: string, schema: JsonSchema): string {
  return schema.title ?? name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/**
 * A form built from a tool's argument schema (pydantic's JSON schema), validated before it
 * is sent; the server checks the edit against the same model again.
 */
export function SchemaForm({
  schema,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  schema: JsonSchema;
  initial: Record<string, unknown>;
  submitLabel: string;
  onSubmit: (args: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const properties: Record<string, JsonSchema> =
    schema.properties ?? Object.fromEntries(Object.keys(initial).map((k) => [k, {} as JsonSchema]));
  const required = new Set(schema.required ?? []);
  const [values, setValues] = useState<Record<string, unknown>>({ ...initial });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  function set(name: string, value: unknown) {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => ({ ...e, [name]: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = Object.fromEntries(
      Object.entries(properties).map(([name, s]) => [name, problem(s, values[name], required.has(name))]),
    );
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const args = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== ""),
    );
    onSubmit(args);
  }

  return (
    <form onSubmit={submit} aria-label="Edit arguments" noValidate>
      <Stack gap="xs">
      {Object.entries(properties).map(([name, raw]) => {
        const s = effective(raw);
        const common = {
          key: name,
          label: label(name, raw),
          description: raw.description ?? s.description,
          error: errors[name],
          withAsterisk: required.has(name),
        };
        if (s.enum) {
          return (
            <Select
              {...common}
              data={s.enum.map(String)}
              value={values[name] == null ? null : String(values[name])}
              onChange={(v) => set(name, v)}
            />
          );
        }
        if (s.type === "boolean") {
          return <Switch {...common} checked={Boolean(values[name])} onChange={(e) => set(name, e.currentTarget.checked)} />;
        }
        if (s.type === "number" || s.type === "integer") {
          const current = values[name];
          return (
            <NumberInput
              {...common}
              value={current === undefined || current === null ? "" : Number(current)}
              decimalScale={s.type === "integer" ? 0 : 2}
              onChange={(v) => set(name, v === "" ? undefined : Number(v))}
            />
          );
        }
        return (
          <TextInput
            {...common}
            value={values[name] == null ? "" : typeof values[name] === "string" ? (values[name] as string) : JSON.stringify(values[name])}
            onChange={(e) => set(name, e.currentTarget.value)}
          />
        );
      })}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="xs">
          {submitLabel}
        </Button>
      </Group>
      </Stack>
    </form>
  );
}
