import type { CalculateResponse } from '@llm-calc/contracts';
import { formatCount } from '../shared/format.pipes';
import { runtimeLabel } from './calculator-form';

/**
 * What a result was computed for, in one line: "Llama 3.1 8B on 2 × NVIDIA H100 SXM5 80GB ·
 * bf16 · batch 4 · 8,192 + 500 tokens · vLLM". Read from the response's inputs, never from the form,
 * so that it stays true while the form is edited.
 */
export function runTitle(r: CalculateResponse): string {
  const i = r.inputs;
  const split =
    i.tensor_parallel > 1 || i.pipeline_parallel > 1
      ? ` (TP ${i.tensor_parallel}${i.pipeline_parallel > 1 ? `, PP ${i.pipeline_parallel}` : ''})`
      : '';
  return `${r.model_summary.name} on ${i.num_gpus} × ${r.gpu_summary.name}${split} · ${i.precision} · batch ${formatCount(i.batch_size)} · ${formatCount(i.sequence_length)} + ${formatCount(i.output_tokens)} tokens${i.runtime ? ` · ${runtimeLabel(i.runtime)}` : ''}`;
}
