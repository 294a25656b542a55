import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatOptgroup, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatSelect } from '@angular/material/select';
import type { GpuConfigsResponse } from '@llm-calc/contracts';
import { BandwidthPipe, BytesPipe, UsdPipe } from './format.pipes';
import { HelpTip } from './help-tip';

/** What an option shows after the name and memory: the bandwidth (inference) or the price (training). */
export type GpuOptionDetail = 'bandwidth' | 'price';

/**
 * The single-GPU picker of the calculator and the training page: the catalogue by family, each
 * option with its memory and one more figure. Give the host the grid's `wide` class to span the form.
 */
@Component({
  selector: 'app-gpu-select',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatSuffix, MatSelect, MatOption, MatOptgroup, HelpTip, BytesPipe, BandwidthPipe, UsdPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field>
      <mat-label>GPU</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        @for (family of families(); track family.family) {
          <mat-optgroup [label]="family.family">
            @for (gpu of family.gpus; track gpu.id) {
              <mat-option [value]="gpu.id">
                {{ gpu.name }} — {{ gpu.memory_bytes | bytes }}@switch (detail()) {
                  @case ('bandwidth') {, {{ gpu.memory_bandwidth_bytes_per_second | bandwidth }}}
                  @case ('price') {@if (gpu.price_per_gpu_hour !== null) {, {{ gpu.price_per_gpu_hour | usd }}/h}}
                }
              </mat-option>
            }
          </mat-optgroup>
        } @empty {
          <mat-option disabled value="">No GPUs available</mat-option>
        }
      </mat-select>
      <app-help-tip matSuffix label="GPU" [text]="help()" />
      <mat-error>Choose a GPU</mat-error>
    </mat-form-field>
  `,
  styleUrl: './picker.scss',
})
export class GpuSelect {
  readonly control = input.required<FormControl<string>>();
  readonly families = input.required<GpuConfigsResponse['families']>();
  readonly help = input.required<string>();
  readonly detail = input<GpuOptionDetail>('bandwidth');
  readonly testId = input('gpu-select');
}
