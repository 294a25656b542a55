/**
 * Moves focus to the first invalid field inside `root` (in document order), opening the
 * collapsed expansion panel that holds it, and scrolls it to the middle of the window. Returns
 * whether a field was found. Call after the errors have rendered (afterNextRender).
 */
export function focusFirstInvalid(root: HTMLElement): boolean {
  const field = root.querySelector<HTMLElement>(
    '.mat-form-field-invalid input, .mat-form-field-invalid textarea, .mat-form-field-invalid mat-select, input[aria-invalid="true"]',
  );
  if (!field) return false;
  const panel = field.closest('mat-expansion-panel');
  const header = panel?.querySelector<HTMLElement>('mat-expansion-panel-header[aria-expanded="false"]');
  header?.click();
  // An opening panel animates its height: focus once it is laid out.
  const focus = () => {
    field.focus({ preventScroll: true });
    field.scrollIntoView?.({ block: 'center' });
  };
  if (header) setTimeout(focus, 250);
  else focus();
  return true;
}
