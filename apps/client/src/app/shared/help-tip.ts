import { ChangeDetectionStrategy, Component, DestroyRef, afterNextRender, inject, input, viewChild } from '@angular/core';
import { MAT_FORM_FIELD, MatFormField } from '@angular/material/form-field';
import { MatTooltip } from '@angular/material/tooltip';

let nextId = 0;

/**
 * A small "?" that explains a figure or field. In a form field it stays out of the Tab sequence
 * (a form of forty fields would need forty more Tabs) without being lost to keyboard and
 * screen-reader users: its text is the field's description (aria-describedby), read with the
 * field, and F1 in the field shows the tip. Elsewhere (result figures) it is a button in the Tab
 * order as usual. Mouse and touch users click the "?" either way.
 */
@Component({
  selector: 'app-help-tip',
  imports: [MatTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<button
      type="button"
      class="help-tip"
      [attr.tabindex]="inField ? -1 : null"
      [matTooltip]="text()"
      matTooltipClass="help-tooltip"
      [attr.aria-label]="'Help: ' + label()"
      (click)="$event.stopPropagation(); tooltip().toggle()"
    >
      ?
    </button>
    @if (inField) {
      <span class="visually-hidden" [id]="descriptionId">{{ text() }}</span>
    }`,
  styles: `
    :host {
      display: inline-flex;
      vertical-align: middle;
    }
    .help-tip {
      inline-size: 20px;
      block-size: 20px;
      padding: 0;
      border-radius: 50%;
      border: 1px solid var(--mat-sys-outline);
      background: transparent;
      color: var(--mat-sys-on-surface-variant);
      font:
        600 12px/1 system-ui,
        sans-serif;
      cursor: help;
    }
    .help-tip:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
  `,
})
export class HelpTip {
  /** What the tip is about, for the accessible name ("Help: KV cache"). */
  readonly label = input.required<string>();
  /** The explanation: what the figure means and how it is computed. */
  readonly text = input.required<string>();

  protected readonly descriptionId = `help-tip-${nextId++}`;
  protected readonly tooltip = viewChild.required(MatTooltip);
  private readonly formField = inject<MatFormField>(MAT_FORM_FIELD, { optional: true });
  protected readonly inField = this.formField !== null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const field = this.formField;
      if (!field) return;
      const control = field._control;
      const target = field._elementRef.nativeElement as HTMLElement;
      if (control) {
        const own = control.userAriaDescribedBy ? `${control.userAriaDescribedBy} ` : '';
        // MatInput and MatSelect take it as their aria-describedby input; the interface marks it read-only.
        (control as { userAriaDescribedBy?: string }).userAriaDescribedBy = `${own}${this.descriptionId}`;
        // The form field re-reads its control's description when the control reports a change.
        (control.stateChanges as { next?: () => void }).next?.();
      }
      const onKey = (event: KeyboardEvent) => {
        if (event.key !== 'F1') return;
        event.preventDefault();
        this.tooltip().toggle();
      };
      target.addEventListener('keydown', onKey);
      destroyRef.onDestroy(() => target.removeEventListener('keydown', onKey));
    });
  }
}
