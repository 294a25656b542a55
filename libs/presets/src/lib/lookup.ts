import { GPU_PRESETS, type GpuPreset } from './gpu-presets';
import { MODEL_PRESETS, type ModelPreset } from './model-presets';

/** Ids are lower-case; queries are matched case-insensitively, with spaces/underscores read as '-'. */
function normalizeId(query: string): string {
  return query
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

function indexById<T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [item.id.toLowerCase(), item]));
}

function groupByFamily<T extends { family: string }>(items: readonly T[]): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.family);
    if (group) group.push(item);
    else groups.set(item.family, [item]);
  }
  return groups;
}

const MODELS_BY_ID = indexById(MODEL_PRESETS);
const GPUS_BY_ID = indexById(GPU_PRESETS);
const MODEL_GROUPS = groupByFamily(MODEL_PRESETS);
const GPU_GROUPS = groupByFamily(GPU_PRESETS);

/** All model preset ids, in catalogue order. */
export const MODEL_PRESET_IDS: readonly string[] = MODEL_PRESETS.map((m) => m.id);
/** All GPU preset ids, in catalogue order. */
export const GPU_PRESET_IDS: readonly string[] = GPU_PRESETS.map((g) => g.id);

/** The model preset with this id (any case), or undefined. */
export function findModelPreset(id: string): ModelPreset | undefined {
  return MODELS_BY_ID.get(normalizeId(id));
}

/** The GPU preset with this id (any case), or undefined. */
export function findGpuPreset(id: string): GpuPreset | undefined {
  return GPUS_BY_ID.get(normalizeId(id));
}

/** Models grouped by family, families in catalogue order (for pickers). */
export function modelFamilies(): { family: string; models: ModelPreset[] }[] {
  return [...MODEL_GROUPS].map(([family, models]) => ({
    family,
    models: [...models],
  }));
}

/** GPUs grouped by family, families in catalogue order (for pickers). */
export function gpuFamilies(): { family: string; gpus: GpuPreset[] }[] {
  return [...GPU_GROUPS].map(([family, gpus]) => ({ family, gpus: [...gpus] }));
}

/** Levenshtein edit distance (insertions, deletions, substitutions), two-row DP. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Dash-separated parts of an id ("a100-sxm-80gb" -> a100, sxm, 80gb). */
function tokens(id: string): Set<string> {
  return new Set(id.split('-').filter(Boolean));
}

/** Shared parts over all parts (Jaccard index) of two ids' token sets. */
function tokenOverlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Up to `max` ids that look like `query`, best first, for "did you mean" messages.
 * Case-insensitive. Tiers, best first: the same parts in another order ("a100-80gb-sxm" ->
 * a100-sxm-80gb); ids starting with the query; ids containing it; ids sharing at least half of
 * their dash-separated parts with it (most shared first); ids contained in the query (so a
 * short id inside a long query, "a10" in "a100-80gb-sxm", comes after those); then ids within
 * a typo-sized edit distance, nearest first. Ties keep the order of `ids`. Returns [] when
 * nothing is close.
 */
export function closestIds(query: string, ids: readonly string[], max = 3): string[] {
  const q = normalizeId(query);
  if (q === '' || max <= 0) return [];
  const threshold = Math.max(2, Math.floor(q.length / 3));
  const qTokens = tokens(q);

  const ranked: { id: string; tier: number; score: number; order: number }[] = [];
  ids.forEach((id, order) => {
    const candidate = id.toLowerCase();
    const overlap = tokenOverlap(qTokens, tokens(candidate));
    if (overlap === 1) {
      ranked.push({ id, tier: 0, score: 0, order });
    } else if (candidate.includes(q)) {
      const tier = candidate.startsWith(q) ? 1 : 2;
      ranked.push({ id, tier, score: candidate.length - q.length, order });
    } else if (overlap >= 0.5) {
      ranked.push({ id, tier: 3, score: -overlap, order });
    } else if (q.includes(candidate)) {
      ranked.push({ id, tier: 4, score: q.length - candidate.length, order });
    } else {
      const distance = editDistance(q, candidate);
      if (distance <= threshold) ranked.push({ id, tier: 5, score: distance, order });
    }
  });

  ranked.sort((x, y) => x.tier - y.tier || x.score - y.score || x.order - y.order);
  return ranked.slice(0, max).map((r) => r.id);
}
