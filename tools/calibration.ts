/**
 * Prints the calibration table (engine estimate vs measured runs) and, with --write, puts it in
 * the README's "Accuracy" section between the calibration markers so it stays true.
 * Run: npm run calibration [-- --write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_COMPUTE_EFFICIENCY, DEFAULT_MEMORY_EFFICIENCY } from '@llm-calc/engine';
import { CALIBRATION_TOLERANCE, evaluateCalibration } from '../libs/presets/src/lib/calibration';

function show(value: number, unit: string): string {
  if (unit === 'bytes') return `${(value / 1e9).toFixed(2)} GB`;
  return `${value.toPrecision(4)} ${unit}`;
}

const rows = evaluateCalibration();
const lines = [
  `Engine defaults: compute efficiency ${DEFAULT_COMPUTE_EFFICIENCY}, memory-bandwidth efficiency ${DEFAULT_MEMORY_EFFICIENCY}.`,
  '',
  '| run | regime | measured | estimate | error | target |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(({ point, estimate, relativeError }) => {
    const tol = CALIBRATION_TOLERANCE[point.regime];
    const ok = Math.abs(relativeError) <= tol ? 'within' : 'OUTSIDE';
    return `| ${point.label} (\`${point.id}\`) | ${point.regime} | ${show(point.measured, point.unit)} | ${show(estimate, point.unit)} | ${(relativeError * 100).toFixed(1)}% | ${ok} ±${tol * 100}% |`;
  }),
];
const table = lines.join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const readme = resolve(__dirname, '../README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- calibration:start -->';
  const end = '<!-- calibration:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error('README.md has no calibration markers');
  writeFileSync(readme, text.slice(0, i + start.length) + '\n' + table + '\n' + text.slice(j));
  console.log('\nREADME.md updated.');
}
