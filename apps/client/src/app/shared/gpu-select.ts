import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatOptgroup, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatSelect, MatSelectTrigger } from '@angular/material/select';
import type { GpuConfigsResponse, GpuListItem } from '@llm-calc/contracts';
import { formatBinaryBytes } from './byte-units';
import { formatBandwidth, formatBytes, formatUsd } from './format.pipes';
import { HelpTip } from './help-tip';

/** What an option shows after the name and memory: the bandwidth (inference) or the price (training). */
export type GpuOptionDetail = 'bandwidth' | 'price';

/**
 * The single-GPU picker of the calculator and the training page: the catalogue by family, each
 * option with its memory and one more figure. Give the host the grid's `wide` class to span the form.
 */
@Component({
  selector: 'app-gpu-select',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatSuffix, MatSelect, MatSelectTrigger, MatOption, MatOptgroup, HelpTip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field>
      <mat-label>GPU</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        <!-- The chosen GPU in full, wrapping on a narrow screen rather than cut with "…". -->
        <mat-select-trigger>
          @if (selected(); as gpu) {
            <span class="trigger"
              ><span class="name">{{ gpu.name }}</span
              ><span class="details">— {{ details(gpu) }}</span></span
            >
          }
        </mat-select-trigger>
        @for (family of families(); track family.family) {
          <mat-optgroup [label]="family.family">
            @for (gpu of family.gpus; track gpu.id) {
              <mat-option [value]="gpu.id">{{ gpu.name }} — {{ details(gpu) }}</mat-option>
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

  /** The chosen GPU (read at each check: a select's value changes mark this view for checking). */
  protected selected(): GpuListItem | null {
    const id = this.control().value;
    for (const family of this.families()) {
      const gpu = family.gpus.find((g) => g.id === id);
      if (gpu) return gpu;
    }
    return null;
  }

  /** "80 GB, 3.35 TB/s" or "80 GB, $2.80/h": the memory and the figure this picker is about. */
  protected details(gpu: GpuListItem): string {
    // Capacities the vendor labels in binary units (an "80 GB" H100 has 80 GiB) read as such.
    const memory = gpu.memory_bytes % 2 ** 30 === 0 ? formatBinaryBytes(gpu.memory_bytes) : formatBytes(gpu.memory_bytes);
    if (this.detail() === 'bandwidth') return `${memory}, ${formatBandwidth(gpu.memory_bandwidth_bytes_per_second)}`;
    return gpu.price_per_gpu_hour !== null ? `${memory}, ${formatUsd(gpu.price_per_gpu_hour)}/h` : memory;
  }
}
