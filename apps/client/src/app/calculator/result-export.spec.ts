import { calculateResponse } from '../testing/fixtures';
import { csvCell, resultCsv, resultFileName, resultJson, resultRows, unitFor } from './result-export';

describe('csvCell', () => {
  it('escapes text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('escapes a formula behind a space, NBSP, BOM or zero-width space, and a fullwidth =', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('\u00A0=1')).toBe("'\u00A0=1");
    expect(csvCell('\uFEFF@SUM(A1)')).toBe("'\uFEFF@SUM(A1)");
    expect(csvCell('\u200B-1')).toBe("'\u200B-1");
    expect(csvCell('\uFF1D1+1')).toBe("'\uFF1D1+1");
    expect(csvCell(' a=b')).toBe(' a=b');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes numbers, booleans and null as they are', () => {
    expect(csvCell(-5e9)).toBe('-5000000000');
    expect(csvCell(0.42)).toBe('0.42');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
  });
});

describe('result CSV', () => {
  it('has one row per figure with its section and unit', () => {
    const rows = resultRows(calculateResponse());
    expect(rows).toContainEqual({ section: 'memory', field: 'per_gpu_bytes', value: 18.8e9, unit: 'bytes' });
    expect(rows).toContainEqual({ section: 'memory', field: 'per_gpu.kv_cache_bytes', value: 0.69e9, unit: 'bytes' });
    expect(rows).toContainEqual({ section: 'performance', field: 'tokens_per_second', value: 141.2, unit: 'tokens/s' });
    expect(rows).toContainEqual({ section: 'performance', field: 'prefill.seconds', value: 0.223, unit: 's' });
    expect(rows).toContainEqual({ section: 'gpu_summary', field: 'memory_bandwidth_bytes_per_second', value: 3.35e12, unit: 'bytes/s' });
    expect(rows).toContainEqual({ section: 'model_summary', field: 'total_parameters', value: 8030261248, unit: 'parameters' });
    expect(rows).toContainEqual({ section: 'cost', field: 'cost_per_million_tokens', value: null, unit: '' });
    expect(unitFor('compute.attention_flops')).toBe('FLOP');
  });

  it('escapes hostile names and keeps multi-line warnings in one cell', () => {
    const base = calculateResponse();
    const csv = resultCsv({
      ...base,
      model_summary: { ...base.model_summary, name: '=cmd|"/C calc"!A0' },
      warnings: ['line one\nline two, with a comma'],
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,field,value,unit');
    expect(csv).toContain(`model_summary,name,"'=cmd|""/C calc""!A0",\r\n`);
    expect(resultCsv({ ...base, model_summary: { ...base.model_summary, name: '\u00A0\uFF1DHYPERLINK("x")' } })).toContain(
      `model_summary,name,"'\u00A0\uFF1DHYPERLINK(""x"")",\r\n`,
    );
    expect(csv).toContain('warnings,[0],"line one\nline two, with a comma",\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('exports JSON that parses back to the response, under a safe file name', () => {
    const result = calculateResponse();
    expect(JSON.parse(resultJson(result))).toEqual(result);
    expect(resultFileName({ ...result, model_summary: { ...result.model_summary, name: '../../etc/passwd' } }, 'csv')).toBe(
      'etc-passwd-nvidia-h100-sxm5-80gb.csv',
    );
  });
});
