import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { AvailableModelsResponse, GpuConfigsResponse, SavedCustomModel } from '@llm-calc/contracts';
import type { ActivationRecompute, TrainingPrecision } from '@llm-calc/engine';
import { TRAINING_FIELDS } from '@llm-calc/fields';
import { controlErrorMessage, fieldValidators, fractionValidators } from '../shared/form-errors';
import { GpuSelect } from '../shared/gpu-select';
import { HelpTip } from '../shared/help-tip';
import { ModelSelect, modelRequestFields } from '../shared/model-select';
import type { TrainingRequest, ZeroStage } from '../shared/planning-api.service';

export const TRAINING_PRECISION_OPTIONS: readonly TrainingPrecision[] = TRAINING_FIELDS.precision.values;

export const ZERO_STAGE_OPTIONS: readonly { value: ZeroStage; label: string }[] = [
  { value: 0, label: '0 — everything replicated' },
  { value: 1, label: '1 — optimizer states sharded' },
  { value: 2, label: '2 — + gradients sharded' },
  { value: 3, label: '3 — + weights sharded' },
];

export const RECOMPUTE_OPTIONS: readonly { value: ActivationRecompute; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'selective', label: 'Selective (attention)' },
  { value: 'full', label: 'Full (every layer)' },
];

/** Training tokens are entered in billions; the API takes tokens. */
export const TOKENS_PER_BILLION = 1e9;

export const TRAINING_HELP = {
  model:
    'A model from the catalogue, or a custom model saved from the calculator. N = its active parameters (all of them for a dense model).',
  gpu: 'The accelerator: its memory and dense peak FLOP/s in the training precision come from the catalogue.',
  num_gpus: 'GPUs training together (data parallel). Time divides by this; ZeRO divides the sharded states by it.',
  training_tokens: 'D: tokens to train on, in billions (1,000 = 1 trillion). Compute grows with N × D.',
  sequence_length: 's: tokens per training sequence. Activation memory grows with it (quadratically without recomputation).',
  micro_batch_size: 'b: sequences per GPU per forward/backward pass. Activation memory grows linearly with it.',
  precision:
    'Format of weights, gradients and activations. Mixed precision keeps an fp32 master copy in the optimizer states; fp8 keeps bf16 gradients.',
  zero_stage:
    'ZeRO (Rajbhandari et al. 2020): stage 1 shards the Adam states across the GPUs, stage 2 also the gradients, stage 3 also the weights.',
  activation_recompute:
    'Recompute activations in the backward pass instead of storing them: selective recomputes attention (34·s·b·h bytes per layer kept), full recomputes every layer (2·s·b·h kept, one more forward pass: 8·N·D).',
  mfu: 'Model FLOPs utilization: the fraction of peak FLOP/s the run sustains. 0.3–0.5 is typical of large runs.',
  price_per_gpu_hour: "USD per GPU-hour for the cost. Empty uses the GPU's catalogue price (if it has one).",
} as const;

export function buildTrainingForm(fb: NonNullableFormBuilder) {
  return fb.group({
    model: fb.control('', Validators.required),
    gpu: fb.control('', Validators.required),
    num_gpus: fb.control<number | null>(TRAINING_FIELDS.num_gpus.default, fieldValidators(TRAINING_FIELDS.num_gpus, true)),
    training_tokens_billions: fb.control<number | null>(1000, [Validators.required, Validators.min(0.001), Validators.max(1e7)]),
    sequence_length: fb.control<number | null>(
      TRAINING_FIELDS.sequence_length.default,
      fieldValidators(TRAINING_FIELDS.sequence_length, true),
    ),
    micro_batch_size: fb.control<number | null>(
      TRAINING_FIELDS.micro_batch_size.default,
      fieldValidators(TRAINING_FIELDS.micro_batch_size, true),
    ),
    precision: fb.control<TrainingPrecision>('bf16', Validators.required),
    zero_stage: fb.control<ZeroStage>(1),
    activation_recompute: fb.control<ActivationRecompute>('selective'),
    mfu: fb.control<number | null>(0.4, fractionValidators),
    price_per_gpu_hour: fb.control<number | null>(null, [Validators.min(0), Validators.max(1_000_000)]),
  });
}

export type TrainingFormGroup = ReturnType<typeof buildTrainingForm>;
export type TrainingFormValue = ReturnType<TrainingFormGroup['getRawValue']>;

/** The request for a valid form: billions of tokens become tokens; an empty price is left out. */
export function toTrainingRequest(value: TrainingFormValue, saved: readonly SavedCustomModel[] = []): TrainingRequest {
  const request: TrainingRequest = {
    ...modelRequestFields(value.model, saved),
    gpu: value.gpu,
    num_gpus: value.num_gpus ?? undefined,
    training_tokens: value.training_tokens_billions === null ? undefined : Math.round(value.training_tokens_billions * TOKENS_PER_BILLION),
    sequence_length: value.sequence_length ?? undefined,
    micro_batch_size: value.micro_batch_size ?? undefined,
    precision: value.precision,
    zero_stage: value.zero_stage,
    activation_recompute: value.activation_recompute,
    mfu: value.mfu ?? undefined,
  };
  if (value.price_per_gpu_hour !== null && (value.price_per_gpu_hour as unknown) !== '') {
    request.price_per_gpu_hour = value.price_per_gpu_hour;
  }
  return request;
}

/** The training run's inputs. Presentational: the page owns the group and submits it. */
@Component({
  selector: 'app-training-form',
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
    HelpTip,
    ModelSelect,
    GpuSelect,
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
        testId="training-model"
      />
      <app-gpu-select
        class="wide"
        [control]="group().controls.gpu"
        [families]="gpus()"
        [help]="help.gpu"
        detail="price"
        testId="training-gpu"
      />
      <mat-form-field>
        <mat-label>Number of GPUs</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="num_gpus" data-testid="training-num-gpus" />
        <app-help-tip matSuffix label="Number of GPUs" [text]="help.num_gpus" />
        <mat-error>{{ errorFor('num_gpus') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Training tokens (billions)</mat-label>
        <input matInput type="number" inputmode="decimal" formControlName="training_tokens_billions" data-testid="training-tokens" />
        <app-help-tip matSuffix label="Training tokens" [text]="help.training_tokens" />
        <mat-hint>1,000 = 1 trillion tokens</mat-hint>
        <mat-error>{{ errorFor('training_tokens_billions') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Sequence length</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="sequence_length" />
        <app-help-tip matSuffix label="Sequence length" [text]="help.sequence_length" />
        <mat-error>{{ errorFor('sequence_length') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Micro-batch size</mat-label>
        <input matInput type="number" inputmode="numeric" formControlName="micro_batch_size" />
        <app-help-tip matSuffix label="Micro-batch size" [text]="help.micro_batch_size" />
        <mat-error>{{ errorFor('micro_batch_size') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Precision</mat-label>
        <mat-select formControlName="precision">
          @for (format of precisions; track format) {
            <mat-option [value]="format">{{ format }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="Precision" [text]="help.precision" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>ZeRO stage</mat-label>
        <mat-select formControlName="zero_stage">
          @for (stage of zeroStages; track stage.value) {
            <mat-option [value]="stage.value">{{ stage.label }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="ZeRO stage" [text]="help.zero_stage" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>Activation recomputation</mat-label>
        <mat-select formControlName="activation_recompute">
          @for (option of recomputeOptions; track option.value) {
            <mat-option [value]="option.value">{{ option.label }}</mat-option>
          }
        </mat-select>
        <app-help-tip matSuffix label="Activation recomputation" [text]="help.activation_recompute" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>MFU</mat-label>
        <input matInput type="number" inputmode="decimal" step="0.05" formControlName="mfu" data-testid="training-mfu" />
        <app-help-tip matSuffix label="MFU" [text]="help.mfu" />
        <mat-hint>0–1, typically 0.3–0.5</mat-hint>
        <mat-error>{{ errorFor('mfu') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Price per GPU-hour (USD)</mat-label>
        <input matInput type="number" inputmode="decimal" step="0.1" formControlName="price_per_gpu_hour" placeholder="Catalogue price" />
        <app-help-tip matSuffix label="Price per GPU-hour" [text]="help.price_per_gpu_hour" />
        <mat-hint>Empty: the GPU's catalogue price</mat-hint>
        <mat-error>{{ errorFor('price_per_gpu_hour') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styleUrl: '../shared/form-grid.scss',
})
export class TrainingForm {
  readonly group = input.required<TrainingFormGroup>();
  readonly models = input.required<AvailableModelsResponse['families']>();
  readonly saved = input<readonly SavedCustomModel[]>([]);
  readonly gpus = input.required<GpuConfigsResponse['families']>();

  protected readonly help = TRAINING_HELP;
  protected readonly precisions = TRAINING_PRECISION_OPTIONS;
  protected readonly zeroStages = ZERO_STAGE_OPTIONS;
  protected readonly recomputeOptions = RECOMPUTE_OPTIONS;

  protected errorFor(key: keyof TrainingFormGroup['controls']): string {
    return controlErrorMessage(this.group().controls[key]);
  }
}
