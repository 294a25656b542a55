import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import {
  MatExpansionPanel,
  MatExpansionPanelDescription,
  MatExpansionPanelHeader,
  MatExpansionPanelTitle,
} from '@angular/material/expansion';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { CalibrateResponse } from '@llm-calc/contracts';
import { formatDuration, formatSignificant, formatTokensPerSecond } from '../shared/format.pipes';
import { HelpTip } from '../shared/help-tip';
import { ApiService, CalibrateRequest, describeApiError } from '../shared/api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { CalculatorStore } from './calculator-store';
import { HELP } from './help-texts';

export type MeasurementKind = 'decode' | 'prefill';

export interface Measurement {
  kind: MeasurementKind;
  /** Decode tokens/s of one sequence, or prefill seconds. */
  value: number;
}

/**
 * "Calibrate with a measurement": fit an efficiency to a measured speed (POST /api/calibrate with
 * the form's request), and offer to put it in the form and calculate again.
 */
@Component({
  selector: 'app-calibrate-panel',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatExpansionPanel,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
    MatExpansionPanelDescription,
    MatFormField,
    MatLabel,
    MatError,
    MatInput,
    HelpTip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-expansion-panel data-testid="calibrate-panel">
      <mat-expansion-panel-header>
        <mat-panel-title>Calibrate with a measurement</mat-panel-title>
        <mat-panel-description>Fit an efficiency to a speed you measured</mat-panel-description>
      </mat-expansion-panel-header>
      <div class="row">
        <mat-button-toggle-group [formControl]="kind" aria-label="What was measured" hideSingleSelectionIndicator>
          <mat-button-toggle value="decode">Decode tokens/s</mat-button-toggle>
          <mat-button-toggle value="prefill">Prefill seconds</mat-button-toggle>
        </mat-button-toggle-group>
        <app-help-tip label="Calibrate" [text]="help.calibrate" />
      </div>
      <div class="row">
        <mat-form-field>
          <mat-label>{{ kind.value === 'decode' ? 'Measured tokens/s (per sequence)' : 'Measured prefill time (s)' }}</mat-label>
          <input matInput type="number" inputmode="decimal" min="0" [formControl]="measured" data-testid="calibrate-value" />
          <mat-error>Enter a positive number</mat-error>
        </mat-form-field>
        <button mat-stroked-button type="button" (click)="submit()" [disabled]="state() === 'loading'" data-testid="calibrate">
          Calibrate
        </button>
      </div>
      @if (error(); as message) {
        <div class="error-box" role="alert">{{ message }}</div>
      } @else if (result(); as r) {
        <div class="result" role="status" data-testid="calibrate-result">
          <p>{{ r.message }}</p>
          <dl>
            <dt>Fitted {{ parameterLabel() }}</dt>
            <dd>{{ r.fitted_efficiency === null ? 'none (not reachable even at 1.0)' : fitted() }}</dd>
            <dt>Current setting</dt>
            <dd>{{ current() }}: estimates {{ estimate() }}, {{ errorText() }} off the measurement</dd>
          </dl>
          @if (r.fitted_efficiency !== null) {
            <button mat-flat-button type="button" (click)="useIt(r)" data-testid="calibrate-use">Use it</button>
          }
        </div>
      }
    </mat-expansion-panel>
  `,
  styles: `
    :host {
      display: block;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 12px;
      margin-block-end: 8px;
    }
    /* The header's title and description share one row only where both fit. */
    mat-expansion-panel-header {
      block-size: auto;
      min-block-size: 48px;
      padding-block: 8px;
    }
    mat-panel-title,
    mat-panel-description {
      flex-basis: auto;
    }
    @media (max-width: 600px) {
      mat-panel-description {
        display: none;
      }
    }
    .row mat-form-field {
      flex: 1 1 240px;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 12px;
      margin: 8px 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .error-box {
      padding: 12px 16px;
      border-radius: 8px;
      white-space: pre-line;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class CalibratePanel {
  private readonly api = inject(ApiService);
  private readonly store = inject(CalculatorStore);
  private readonly destroyRef = inject(DestroyRef);
  readonly state = signal<RequestState>('idle');
  readonly result = signal<CalibrateResponse | null>(null);

  protected readonly help = HELP;
  protected readonly kind = new FormControl<MeasurementKind>('decode', { nonNullable: true });
  protected readonly measured = new FormControl<number | null>(null, [Validators.required, Validators.min(1e-9)]);

  protected readonly error = computed(() => requestErrorMessage(this.state()));
  protected readonly parameterLabel = computed(() =>
    this.result()?.parameter === 'efficiency' ? 'compute efficiency' : 'memory efficiency',
  );
  protected readonly fitted = computed(() => formatSignificant(this.result()?.fitted_efficiency ?? NaN));
  protected readonly current = computed(() => formatSignificant(this.result()?.current_efficiency ?? NaN));
  protected readonly estimate = computed(() => {
    const r = this.result();
    if (!r) return '';
    return r.unit === 'seconds' ? formatDuration(r.estimate_at_current) : formatTokensPerSecond(r.estimate_at_current);
  });
  protected readonly errorText = computed(() => {
    const r = this.result();
    return r ? `${formatSignificant(Math.abs(r.relative_error_at_current) * 100)}%` : '';
  });

  protected submit(): void {
    const value = this.measured.value;
    if (this.measured.invalid || value === null) {
      this.measured.markAsTouched();
      return;
    }
    this.calibrate({ kind: this.kind.value, value });
  }

  private calibrate(measurement: Measurement): void {
    if (!this.store.isValid()) {
      this.store.calculate(); // reveals the fields' errors without sending anything
      this.state.set({ error: 'Some fields need attention: see the messages under them.' });
      return;
    }
    const base = this.store.request();
    const request: CalibrateRequest =
      measurement.kind === 'decode'
        ? { ...base, measured_tokens_per_second: measurement.value }
        : { ...base, measured_prefill_seconds: measurement.value };
    this.state.set('loading');
    this.result.set(null);
    this.api
      .calibrate(request)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (response) => {
          this.result.set(response);
          this.state.set('loaded');
        },
        error: (error: unknown) => this.state.set({ error: describeApiError(error) }),
      });
  }

  /** Puts the fitted efficiency into the form (to the form's 3 decimals) and calculates again. */
  protected useIt(response: CalibrateResponse): void {
    if (response.fitted_efficiency === null) return;
    const value = Math.min(1, Math.max(0.01, Math.round(response.fitted_efficiency * 1000) / 1000));
    this.store.controls.hardware.controls[response.parameter].setValue(value);
    this.store.calculate();
  }
}
