import { type AvailableModelsResponse, type GpuConfigsResponse, type GpuListItem, type ModelListItem } from '@llm-calc/contracts';
import { availableModels, gpuConfigs } from '@llm-calc/application';
import type { ParsedArgs } from '../options/parse';
import type { OptionSpec } from '../options/option-spec';
import { COMMON_OPTIONS, JSON_OPTION } from '../options/tables';
import { UsageError } from '../errors';
import { formatCapacityLabel, formatCount, formatParameters, formatSignificant, formatTable } from '../format';
import type { Command, Io } from './command';

const FAMILY_OPTION: OptionSpec = {
  name: 'family',
  kind: 'string',
  valueName: 'F',
  description: 'only families whose name contains F (case-insensitive)',
};
const FILTER_OPTION: OptionSpec = {
  name: 'filter',
  kind: 'string',
  valueName: 'TEXT',
  description: 'only entries whose id or name contains TEXT (case-insensitive)',
};
const LIST_OPTIONS: readonly OptionSpec[] = [FAMILY_OPTION, FILTER_OPTION, JSON_OPTION, ...COMMON_OPTIONS];

interface Filters {
  family: string;
  text: string;
}

function readFilters(command: string, args: ParsedArgs): Filters {
  if (args.positionals.length) {
    throw new UsageError([`${command} takes options only; unexpected argument "${args.positionals[0]}" (use --filter TEXT)`]);
  }
  const read = (name: string) => {
    const value = args.values.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
  };
  return { family: read('family'), text: read('filter') };
}

/** Families whose name matches, keeping only the entries whose id or name matches. */
function filterFamilies<T extends { id: string; name: string }, K extends string>(
  families: readonly ({ family: string } & Record<K, T[]>)[],
  key: K,
  filters: Filters,
): ({ family: string } & Record<K, T[]>)[] {
  return families
    .filter((f) => f.family.toLowerCase().includes(filters.family))
    .map((f) => ({
      ...f,
      [key]: f[key].filter((item) => item.id.toLowerCase().includes(filters.text) || item.name.toLowerCase().includes(filters.text)),
    }))
    .filter((f) => f[key].length > 0);
}

function modelRow(m: ModelListItem): string[] {
  const active = m.active_parameters !== m.total_parameters ? ` (${formatParameters(m.active_parameters)} active)` : '';
  const context = m.max_position_embeddings === null ? '' : `context ${formatCount(m.max_position_embeddings)}`;
  return [m.id, m.name, `${formatParameters(m.total_parameters)} params${active}`, context];
}

function gpuRow(g: GpuListItem): string[] {
  return [
    g.id,
    g.name,
    formatCapacityLabel(g.memory_bytes),
    `${formatSignificant(g.memory_bandwidth_bytes_per_second / 1e12)} TB/s`,
    g.supported_precisions.join(' '),
  ];
}

function printGroups<T>(
  io: Io,
  groups: readonly { family: string; items: readonly T[] }[],
  row: (item: T) => string[],
  header: string[],
): void {
  const lines: string[] = [];
  // One table across all families so that columns line up everywhere.
  const rows = [header, ...groups.flatMap((g) => g.items.map(row))];
  const rendered = formatTable(rows);
  lines.push(rendered[0]);
  let index = 1;
  for (const group of groups) {
    lines.push('', group.family);
    for (let i = 0; i < group.items.length; i++) lines.push(rendered[index++]);
  }
  io.out(`${lines.join('\n')}\n`);
}

function noMatch(io: Io, what: string, filters: Filters): number {
  const parts = [filters.family && `family "${filters.family}"`, filters.text && `filter "${filters.text}"`].filter(Boolean);
  io.err(`no ${what} match ${parts.join(' and ')}\n`);
  return 0;
}

function runListModels(args: ParsedArgs, io: Io): number {
  const filters = readFilters('list-models', args);
  const families = filterFamilies(availableModels().families, 'models', filters);
  if (args.values.get('json')) {
    const body: AvailableModelsResponse = { families };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  if (families.length === 0) return noMatch(io, 'models', filters);
  printGroups(
    io,
    families.map((f) => ({ family: f.family, items: f.models })),
    modelRow,
    ['ID', 'NAME', 'PARAMETERS', 'TRAINED CONTEXT'],
  );
  return 0;
}

function runListGpus(args: ParsedArgs, io: Io): number {
  const filters = readFilters('list-gpus', args);
  const families = filterFamilies(gpuConfigs().families, 'gpus', filters);
  if (args.values.get('json')) {
    const body: GpuConfigsResponse = { families };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  if (families.length === 0) return noMatch(io, 'GPUs', filters);
  printGroups(
    io,
    families.map((f) => ({ family: f.family, items: f.gpus })),
    gpuRow,
    ['ID', 'NAME', 'MEMORY', 'BANDWIDTH', 'SUPPORTED PRECISIONS'],
  );
  io.out('\nGB = 10^9 bytes, TB/s = 10^12 bytes per second.\n');
  return 0;
}

export const listModelsCommand: Command = {
  name: 'list-models',
  summary: 'list the model presets, grouped by family',
  synopsis: 'list-models [--family F] [--filter TEXT] [--json]',
  details: '--json prints the shape of GET /api/available_models (filtered).',
  options: LIST_OPTIONS,
  examples: ['list-models', 'list-models --family llama', 'list-models --filter 70b', 'list-models --family deepseek --json'],
  run: runListModels,
};

export const listGpusCommand: Command = {
  name: 'list-gpus',
  summary: 'list the GPU presets, grouped by family, with memory, bandwidth and precisions',
  synopsis: 'list-gpus [--family F] [--filter TEXT] [--json]',
  details: '--json prints the shape of GET /api/gpu_configs (filtered), peak FLOP/s per precision included.',
  options: LIST_OPTIONS,
  examples: ['list-gpus', 'list-gpus --family hopper', 'list-gpus --filter 4090', 'list-gpus --family amd --json'],
  run: runListGpus,
};
