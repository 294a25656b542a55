export function presets(): string {
  return 'presets';
}
