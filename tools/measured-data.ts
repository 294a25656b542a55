import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MeasuredEntry } from '../libs/presets/src/lib/measured';

/** The reference directory of the measured runs (measured.json + measured-more/*.json). */
export const REFERENCE_DIR = resolve(__dirname, '../libs/presets/reference');

/**
 * Every measured entry: reference/measured.json (the shared collection) followed by the files of
 * reference/measured-more in name order. Ids must be unique across files.
 */
export function loadMeasuredEntries(dir = REFERENCE_DIR): MeasuredEntry[] {
  const more = join(dir, 'measured-more');
  const files = [
    join(dir, 'measured.json'),
    ...readdirSync(more)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(more, f)),
  ];
  const entries = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as MeasuredEntry[]);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new Error(`measured data: duplicate id ${e.id}`);
    seen.add(e.id);
  }
  return entries;
}
