import type { CalculateRequest } from '@llm-calc/contracts';

/** JSON with object keys in sorted order, so that two requests compare by content alone. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Whether two requests ask for the same calculation (fields left out count as absent). */
export function sameRequest(a: CalculateRequest, b: CalculateRequest): boolean {
  return canonical(a) === canonical(b);
}

/** The fields whose values differ between two requests, in a's order then b's. */
export function changedFields(a: CalculateRequest, b: CalculateRequest): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof CalculateRequest)[];
  return keys.filter((key) => canonical(a[key] ?? null) !== canonical(b[key] ?? null));
}
