import { DEFAULT_COMPUTE_EFFICIENCY, DEFAULT_MEMORY_EFFICIENCY } from '@llm-calc/engine';
import { INFERENCE_FIELDS, type RuntimeChoice } from '@llm-calc/fields';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOptgroup, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { AvailableModelsResponse, GpuConfigsResponse, SavedCustomModel } from '@llm-calc/contracts';
import type { KvCacheFormat, WeightFormat } from '@llm-calc/engine';
import { BytesPipe } from '../shared/format.pipes';
import { controlErrorMessage, fieldValidators } from '../shared/form-errors';
import { RUNTIME_OPTIONS, runtimeLabel } from '../calculator/calculator-form';
import { HelpTip } from '../shared/help-tip';
import { ModelSelect, modelRequestFields } from '../shared/model-select';
import type { CompareRequest } from '../shared/planning-api.service';

/** Formats in the contract's order, from the field registry. */
export const WEIGHT_FORMATS: readonly WeightFormat[] = INFERENCE_FIELDS.precision.values;
export const KV_FORMATS: readonly KvCacheFormat[] = INFERENCE_FIELDS.kv_cache_precision.values;

export const COMPARE_HELP = {
  model: 'A model from the catalogue, with its cited architecture, or a custom model saved from the calculator.',
  sequence_length: 'Prompt (context) tokens per sequence, prefilled at once.',
  output_tokens: 'Tokens generated per sequence. The KV cache holds prompt + output tokens.',
  batch_size: 'Sequences processed together: more batch raises aggregate tokens/s and the KV cache.',
  precision: 'Storage format of the weights. GPUs that cannot run it are listed greyed out with the reason.',
  kv_cache_precision: 'Element format of the KV cache.',
  runtime: INFERENCE_FIELDS.runtime.help,
  efficiency: `Fraction of peak FLOP/s that matrix multiplications reach (prefill). Empty: each runtime's fitted value (roofline ${DEFAULT_COMPUTE_EFFICIENCY}); a value replaces it.`,
  memory_efficiency: `Fraction of peak memory bandwidth that decode reaches. Empty: each runtime's fitted share (roofline ${DEFAULT_MEMORY_EFFICIENCY}); 60–90% is typical.`,
  gpus: 'The GPU presets to compare. None chosen compares every preset in the catalogue.',
  gpu_count:
    'How many GPUs of each kind. "Fewest that fit" gives each GPU the smallest tensor-parallel group that holds the workload (a 70B model in bf16: 2 H100s, 1 MI300X); a number puts that many of every kind.',
} as const;

export function buildCompareForm(fb: NonNullableFormBuilder) {
  return fb.group({
    model: fb.control('', Validators.required),
    sequence_length: fb.control<number | null>(
      INFERENCE_FIELDS.sequence_length.default,
      fieldValidators(INFERENCE_FIELDS.sequence_length, true),
    ),
    output_tokens: fb.control<number | null>(INFERENCE_FIELDS.output_tokens.default, fieldValidators(INFERENCE_FIELDS.output_tokens, true)),
    batch_size: fb.control<number | null>(INFERENCE_FIELDS.batch_size.default, fieldValidators(INFERENCE_FIELDS.batch_size, true)),
    precision: fb.control<WeightFormat>('bf16', Validators.required),
    kv_cache_precision: fb.control<KvCacheFormat>('bf16', Validators.required),
    runtime: fb.control<RuntimeChoice>(INFERENCE_FIELDS.runtime.default, Validators.required),
    // Empty: the runtime's fitted efficiencies (a value replaces them for every GPU).
    efficiency: fb.control<number | null>(null, fieldValidators(INFERENCE_FIELDS.efficiency, false)),
    memory_efficiency: fb.control<number | null>(null, fieldValidators(INFERENCE_FIELDS.memory_efficiency, false)),
    gpus: fb.control<string[]>([]),
    gpu_count: fb.control<GpuCount>('fewest'),
  });
}

/** GPUs per compared entry: the fewest that fit, or the same number of every kind. */
export type GpuCount = 'fewest' | 1 | 2 | 4 | 8;
export const GPU_COUNTS: readonly GpuCount[] = ['fewest', 1, 2, 4, 8];

export type CompareFormGroup = ReturnType<typeof buildCompareForm>;
export type CompareFormValue = ReturnType<CompareFormGroup['getRawValue']>;

/**
 * The request for a valid form; no GPUs chosen means all presets, so `gpus` is left out. A saved
 * custom model goes as `custom_model`.
 */
export function toCompareRequest(value: CompareFormValue, saved: readonly SavedCustomModel[] = []): CompareRequest {
  const request: CompareRequest = {
    ...modelRequestFields(value.model, saved),
    sequence_length: value.sequence_length ?? undefined,
    output_tokens: value.output_tokens ?? undefined,
    batch_size: value.batch_size ?? undefined,
    precision: value.precision,
    kv_cache_precision: value.kv_cache_precision,
    runtime: value.runtime,
    efficiency: value.efficiency ?? undefined,
    memory_efficiency: value.memory_efficiency ?? undefined,
  };
  if (value.gpus.length > 0) request.gpus = [...value.gpus];
  if (value.gpu_count === 'fewest') request.fewest_gpus = true;
  else request.num_gpus = value.gpu_count;
  return request;
}

/** The workload to compare across GPUs. Presentational: the page owns the group and submits it. */
@Component({
  selector: 'app-compare-form',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatError,
    MatHint,
    MatSuffix,
    MatInput,
    MatSelect,
    MatOption,
    MatOptgroup,
    HelpTip,
    BytesPipe,
    ModelSelect,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fields" [formGroup]="group()">
      <app-model-select
        class="wide"
        [control]="group().controls.model"
        [families]="models()"
        [saved]="saved()"
        [help]="help.model"
        testId="compare-model"
      />
      <mat-form-field>
        <mat-label>Sequence length</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="sequence_length" />
        <app-help-tip matSuffix label="Sequence length" [text]="help.sequence_length" />
        <mat-error>{{ errorFor('sequence_length') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Output tokens</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="output_tokens" />
        <app-help-tip matSuffix label="Output tokens" [text]="help.output_tokens" />
        <mat-error>{{ errorFor('output_tokens') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Batch size</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="batch_size" />
        <app-help-tip matSuffix label="Batch size" [text]="help.batch_size" />
        <mat-error>{{ errorFor('batch_size') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Precision</mat-label>
        <mat-select formControlName="precision" data-testid="compare-precision">
          @for (format of weightFormats; track format) {
            <mat-option [value]="format">{{ format }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="Precision" [text]="help.precision" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>KV cache precision</mat-label>
        <mat-select formControlName="kv_cache_precision">
          @for (format of kvFormats; track format) {
            <mat-option [value]="format">{{ format }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="KV cache precision" [text]="help.kv_cache_precision" />
      </mat-form-field>
      <mat-form-field class="wide">
        <mat-label>Runtime</mat-label>
        <mat-select formControlName="runtime" data-testid="compare-runtime">
          @for (id of runtimes; track id) {
            <mat-option [value]="id">{{ runtimeLabel(id) }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="Runtime" [text]="help.runtime" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>Compute efficiency</mat-label>
        <input matInput type="number" inputmode="decimal" step="0.05" formControlName="efficiency" />
        <app-help-tip matSuffix label="Compute efficiency" [text]="help.efficiency" />
        <mat-hint>Empty: each runtime's own</mat-hint>
        <mat-error>{{ errorFor('efficiency') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Memory efficiency</mat-label>
        <input matInput type="number" inputmode="decimal" step="0.05" formControlName="memory_efficiency" />
        <app-help-tip matSuffix label="Memory efficiency" [text]="help.memory_efficiency" />
        <mat-hint>Empty: each runtime's own</mat-hint>
        <mat-error>{{ errorFor('memory_efficiency') }}</mat-error>
      </mat-form-field>
      <mat-form-field class="wide">
        <mat-label>GPUs</mat-label>
        <mat-select formControlName="gpus" multiple placeholder="All GPUs in the catalogue" data-testid="compare-gpus">
          @for (family of gpus(); track family.family) {
            <mat-optgroup [label]="family.family">
              @for (gpu of family.gpus; track gpu.id) {
                <mat-option [value]="gpu.id">{{ gpu.name }} — {{ gpu.memory_bytes | bytes }}</mat-option>
              }
            </mat-optgroup>
          }
        </mat-select>
        <app-help-tip matSuffix label="GPUs" [text]="help.gpus" />
        <mat-hint>{{
          group().controls.gpus.value.length === 0 ? 'None chosen: all GPUs' : group().controls.gpus.value.length + ' chosen'
        }}</mat-hint>
      </mat-form-field>
      <mat-form-field>
        <mat-label>GPUs of each kind</mat-label>
        <mat-select formControlName="gpu_count" data-testid="compare-gpu-count">
          @for (count of gpuCounts; track count) {
            <mat-option [value]="count">{{ count === 'fewest' ? 'Fewest that fit' : count }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="GPUs of each kind" [text]="help.gpu_count" />
      </mat-form-field>
    </div>
  `,
  styleUrl: '../shared/form-grid.scss',
})
export class CompareForm {
  readonly group = input.required<CompareFormGroup>();
  readonly models = input.required<AvailableModelsResponse['families']>();
  readonly gpus = input.required<GpuConfigsResponse['families']>();
  readonly saved = input<readonly SavedCustomModel[]>([]);

  protected readonly help = COMPARE_HELP;
  protected readonly weightFormats = WEIGHT_FORMATS;
  protected readonly kvFormats = KV_FORMATS;
  protected readonly gpuCounts = GPU_COUNTS;
  protected readonly runtimes = RUNTIME_OPTIONS;
  protected readonly runtimeLabel = runtimeLabel;

  protected errorFor(key: keyof CompareFormGroup['controls']): string {
    return controlErrorMessage(this.group().controls[key]);
  }
}
