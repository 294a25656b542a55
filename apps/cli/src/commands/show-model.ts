import { availableModels, modelConfig } from '@llm-calc/application';
import type { ParsedArgs } from '../options/parse';
import { COMMON_OPTIONS, JSON_OPTION } from '../options/tables';
import { UsageError } from '../errors';
import { alignRows, formatCount, formatParameters } from '../format';
import type { Command, Io } from './command';

function show(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return formatCount(value);
  return String(value);
}

function runShowModel(args: ParsedArgs, io: Io): number {
  const [id, ...extra] = args.positionals;
  if (id === undefined) throw new UsageError(['show-model needs a model id (see list-models), e.g. show-model llama-3.1-8b']);
  if (extra.length) throw new UsageError([`show-model takes one model id; unexpected argument "${extra[0]}"`]);
  // Throws RequestError naming the id with the closest ids when it is unknown.
  const config = modelConfig(id);
  if (args.values.get('json')) {
    io.out(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  }
  const listed = availableModels()
    .families.flatMap((f) => f.models)
    .find((m) => m.id === config.id);
  const { id: presetId, name, family, source, ...architecture } = config;
  const rows: [string, string][] = [
    ['id', presetId],
    ['family', family],
  ];
  if (listed) {
    rows.push(
      ['total parameters', formatParameters(listed.total_parameters)],
      ['active parameters', formatParameters(listed.active_parameters)],
    );
  }
  rows.push(...Object.entries(architecture).map(([key, value]): [string, string] => [key, show(value)]));
  rows.push(['source', source || '-']);
  io.out(`${name}\n${alignRows(rows).join('\n')}\n`);
  return 0;
}

export const showModelCommand: Command = {
  name: 'show-model',
  summary: "show one model preset's full architecture",
  synopsis: 'show-model ID [--json]',
  details: '--json prints the shape of GET /api/model_config/:model_name (the fields of custom_model).',
  options: [JSON_OPTION, ...COMMON_OPTIONS],
  examples: ['show-model llama-3.1-8b', 'show-model deepseek-v3 --json'],
  run: runShowModel,
};
