import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';

/**
 * A small "?" button that explains a figure or field. A real button, so keyboard users can
 * focus it (which shows the tooltip); matTooltip also links the text as the button's description.
 */
@Component({
  selector: 'app-help-tip',
  imports: [MatTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<button
    type="button"
    class="help-tip"
    [matTooltip]="text()"
    matTooltipClass="help-tooltip"
    [attr.aria-label]="'Help: ' + label()"
    (click)="$event.stopPropagation()"
  >?</button>`,
  styles: `
    :host { display: inline-flex; vertical-align: middle; }
    .help-tip {
      inline-size: 20px; block-size: 20px; padding: 0; border-radius: 50%;
      border: 1px solid var(--mat-sys-outline); background: transparent;
      color: var(--mat-sys-on-surface-variant); font: 600 12px/1 system-ui, sans-serif; cursor: help;
    }
    .help-tip:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; }
  `,
})
export class HelpTip {
  /** What the tip is about, for the accessible name ("Help: KV cache"). */
  readonly label = input.required<string>();
  /** The explanation: what the figure means and how it is computed. */
  readonly text = input.required<string>();
}
