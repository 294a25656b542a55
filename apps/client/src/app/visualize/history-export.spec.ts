import { calculateResponse } from '../testing/fixtures';
import { HISTORY_CSV_HEADER, historyCsv } from './history-export';

describe('historyCsv', () => {
  it('writes the header and one row per run in base units', () => {
    const lines = historyCsv([calculateResponse()]).split('\r\n');
    expect(lines[0]).toBe(HISTORY_CSV_HEADER.join(','));
    expect(lines[0]).toBe(
      'timestamp,source,model,gpu,precision,kv_cache_precision,batch_size,sequence_length,output_tokens,num_gpus,' +
        'total_bytes,per_gpu_bytes,tokens_per_second,aggregate_tokens_per_second,prefill_latency_seconds',
    );
    expect(lines[1]).toBe(
      '2026-01-01T00:00:00.000Z,web,Llama 3.1 8B,NVIDIA H100 SXM5 80GB,bf16,bf16,1,4096,1000,1,18800000000,18800000000,141.2,141.2,0.223',
    );
    expect(lines[2]).toBe('');
  });

  it('escapes model names that would run as formulas or break the row', () => {
    const run = calculateResponse();
    const hostile = { ...run, model_summary: { ...run.model_summary, name: "=cmd|' /C calc'!A0" } };
    const quoted = { ...run, model_summary: { ...run.model_summary, name: 'my "big", model\nv2' } };
    const [, first, second] = historyCsv([hostile, quoted]).split('\r\n');
    expect(first.split(',')[2]).toBe("'=cmd|' /C calc'!A0");
    expect(second).toContain(',"my ""big"", model\nv2",');
  });
});
