/**
 * An estimate with its low-high band, as the page writes it: "52 tok/s, 44–58" (the unit once,
 * when the three figures share it), "0.9 s, 850 ms–1.1 s" when they do not. A band that is
 * missing, not finite, or collapses onto the figure is left out: the figure alone is shown.
 */
export interface Range {
  low: number;
  high: number;
}

/** The number part and the unit of a formatted figure ("52 tok/s" -> ["52", "tok/s"]). */
function split(text: string): [string, string] {
  const at = text.indexOf(' ');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

export function formatWithRange(value: number, range: Range | null | undefined, format: (n: number) => string): string {
  const main = format(value);
  const band = formatRange(range, format);
  return band === null || band === main ? main : `${main}, ${sameUnit(main, band)}`;
}

/** "44–58 tok/s" for a band alone, or null when there is none worth showing. */
export function formatRange(range: Range | null | undefined, format: (n: number) => string): string | null {
  if (!range || !Number.isFinite(range.low) || !Number.isFinite(range.high)) return null;
  const low = format(range.low);
  const high = format(range.high);
  if (low === high) return null;
  const [lowNumber, lowUnit] = split(low);
  const [highNumber, highUnit] = split(high);
  return lowUnit === highUnit ? `${lowNumber}–${highNumber}${lowUnit ? ` ${lowUnit}` : ''}` : `${low}–${high}`;
}

/** Drops the band's unit when the figure before it has the same one: "52 tok/s, 44–58". */
function sameUnit(main: string, band: string): string {
  const [, unit] = split(main);
  return unit && band.endsWith(` ${unit}`) && !band.slice(0, -unit.length - 1).includes(' ') ? band.slice(0, -unit.length - 1) : band;
}
