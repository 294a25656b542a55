/**
 * The one error type of the engine: an invalid configuration (never "does not fit", which is
 * a result). `field` uses the REST contract's key path so every edge can name it back.
 */
export class EngineError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'EngineError';
  }
}

/** Throws EngineError(field, problem). */
export function fail(field: string, problem: string): never {
  throw new EngineError(field, problem);
}

/** Throws EngineError(field, problem) unless the condition holds. */
export function assert(condition: boolean, field: string, problem: string): asserts condition {
  if (!condition) throw new EngineError(field, problem);
}

export function assertPositiveInteger(value: number, field: string): void {
  if (!(Number.isInteger(value) && value >= 1)) fail(field, `must be a whole number >= 1 (got ${value})`);
}

export function assertNonNegativeInteger(value: number, field: string): void {
  if (!(Number.isInteger(value) && value >= 0)) fail(field, `must be a whole number >= 0 (got ${value})`);
}

export function assertFraction(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0 && value <= 1)) fail(field, `must be in (0, 1] (got ${value})`);
}
