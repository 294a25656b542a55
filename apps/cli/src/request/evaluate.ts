/**
 * One command's request from its options to its answer: build (request/build.ts), validate with
 * the endpoint's DTO and compute with the contracts' function. Every contract problem becomes a
 * UsageError line naming the option (request/problems.ts), so that bad input exits 2.
 */
import { RequestError } from '@llm-calc/contracts';
import type { Io } from '../commands/command';
import { UsageError } from '../errors';
import type { ParsedArgs } from '../options/parse';
import type { RequestForm } from '../options/tables';
import { buildRequest, type CalculateInput } from './build';
import { readConfigFile } from './config-file';
import { problemsOf, RequestProblems, validateRequest } from './contract-problems';
import { readableProblems } from './problems';

/** Options -> request -> validated DTO -> response; `adjust` edits the request before validation. */
export function evaluate<D extends object, R>(
  form: RequestForm,
  dtoClass: new () => D,
  compute: (dto: D) => R,
  args: ParsedArgs,
  io: Io,
  adjust?: (input: CalculateInput) => void,
): { dto: D; response: R } {
  const input = buildRequest(form, args, readConfigFile);
  adjust?.(input);
  for (const note of input.notes) io.err(`note: ${note}\n`);
  try {
    const dto = validateRequest(dtoClass, input.request);
    return { dto, response: compute(dto) };
  } catch (e) {
    const problems = e instanceof RequestProblems ? e.problems : e instanceof RequestError ? problemsOf(e) : undefined;
    if (problems) throw new UsageError(readableProblems(problems, input.request, input.origins, form));
    throw e;
  }
}
