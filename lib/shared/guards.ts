// The one plain-object guard. Schemas (valibot) check whole shapes at the boundaries; this is for
// code that walks untrusted JSON by hand (the playground's stream parsers, on the hot path).

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
