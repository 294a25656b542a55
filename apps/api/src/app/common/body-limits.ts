import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { echo, sendError } from './request-guards';

/** Bounds on a parsed JSON body, checked before validation (which costs far more per key). */
export interface BodyLimits {
  /** Deepest nesting of objects and arrays (the body itself is depth 1). */
  maxDepth: number;
  /** Object keys in the whole body. */
  maxKeys: number;
  /** Values (keys' values and array items) in the whole body. */
  maxValues: number;
  /** Longest key; longer keys are refused and echoed truncated. */
  maxKeyLength: number;
}

export const BODY_LIMITS: BodyLimits = { maxDepth: 16, maxKeys: 500, maxValues: 5000, maxKeyLength: 100 };

/** Keys that name prototype machinery: refused anywhere in a body, as every other unknown key is. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Most problems one answer lists; the rest are counted in a last line. */
export const MAX_PROBLEMS = 20;

/** The first problems and a count of the others (a body with 8,000 bad keys gets 21 lines, not 8,000). */
export function capProblems(messages: string[], max = MAX_PROBLEMS): string[] {
  if (messages.length <= max) return messages;
  const more = messages.length - max;
  return [...messages.slice(0, max), `… and ${more} more problem${more === 1 ? '' : 's'}`];
}

/**
 * Walks the parsed body once, without recursion (a 3,000-deep body cannot overflow the stack),
 * and answers 400 at the first bound exceeded: depth, key count, value count, key length, or a
 * `__proto__` / `constructor` / `prototype` key. Only then does validation run.
 */
export function bodyLimits(limits: BodyLimits = BODY_LIMITS): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object') return next();
    const problem = check(body, limits);
    if (!problem) return next();
    sendError(res, 400, 'Bad Request', [problem]);
  };
}

function check(body: object, limits: BodyLimits): string | null {
  const stack: { value: object; depth: number; path: string }[] = [{ value: body, depth: 1, path: '' }];
  let keys = 0;
  let values = 0;
  while (stack.length) {
    const { value, depth, path } = stack.pop() as { value: object; depth: number; path: string };
    if (depth > limits.maxDepth) return `the body is nested deeper than ${limits.maxDepth} levels${path ? ` (at ${echo(path, 80)})` : ''}`;
    const isArray = Array.isArray(value);
    const entries = isArray
      ? (value as unknown[]).map((v, i) => [String(i), v] as const)
      : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]] as const);
    if (!isArray) {
      keys += entries.length;
      if (keys > limits.maxKeys) return `the body has more than ${limits.maxKeys} keys`;
    }
    values += entries.length;
    if (values > limits.maxValues) return `the body has more than ${limits.maxValues} values`;
    for (const [k, v] of entries) {
      if (!isArray) {
        if (k.length > limits.maxKeyLength)
          return `property ${echo(k, 40)} should not exist (a key of ${k.length} characters; at most ${limits.maxKeyLength})`;
        if (FORBIDDEN_KEYS.has(k)) return `${path ? `${echo(path, 80)}.` : ''}property ${k} should not exist`;
      }
      if (v !== null && typeof v === 'object') stack.push({ value: v, depth: depth + 1, path: path ? `${path}.${k}` : k });
    }
  }
  return null;
}
