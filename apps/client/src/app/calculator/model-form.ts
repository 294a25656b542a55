import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { startWith, switchMap } from 'rxjs';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle } from '@angular/material/expansion';
import { MatOptgroup, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { AvailableModelsResponse } from '@llm-calc/contracts';
import { HelpTip } from '../shared/help-tip';
import { ParametersPipe } from '../shared/format.pipes';
import { CustomModelGroup, ModelMode, errorMessage } from './calculator-form';
import { HELP } from './help-texts';
import { CUSTOM_MODEL_FIELDS } from '@llm-calc/fields';

type NumberField = Exclude<keyof CustomModelGroup['controls'], 'name' | 'tie_word_embeddings' | 'ffn_type'>;

interface FieldDescriptor {
  key: NumberField;
  label: string;
}

/** A number field of the custom model, labelled as the registry names it. */
function field(key: NumberField): FieldDescriptor {
  return { key, label: CUSTOM_MODEL_FIELDS[key].label };
}

/** The model section: preset or custom mode, the preset picker and every architecture field. */
@Component({
  selector: 'app-model-form',
  imports: [
    ReactiveFormsModule,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatCheckbox,
    MatExpansionPanel,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
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
    ParametersPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './model-form.html',
  styleUrl: './form-section.scss',
})
export class ModelForm {
  readonly mode = input.required<FormControl<ModelMode>>();
  readonly preset = input.required<FormControl<string>>();
  readonly custom = input.required<CustomModelGroup>();
  readonly families = input.required<AvailableModelsResponse['families']>();
  /** The preset's architecture is on its way (the fields below are about to change). */
  readonly presetLoading = input(false);

  protected readonly help = HELP;
  protected readonly fields = CUSTOM_MODEL_FIELDS;
  protected readonly modeValue = toSignal(toObservable(this.mode).pipe(switchMap((c) => c.valueChanges.pipe(startWith(c.value)))));
  private readonly nameValue = toSignal(
    toObservable(this.custom).pipe(switchMap((g) => g.controls.name.valueChanges.pipe(startWith(g.controls.name.value)))),
  );
  /** With no preset chosen (a saved or imported model), the picker names the model in the form. */
  protected readonly pickerPlaceholder = computed(() => (this.modeValue() === 'custom' ? `Custom model: ${this.nameValue() ?? ''}` : ''));
  protected readonly basicFields: FieldDescriptor[] = [
    field('hidden_size'),
    field('intermediate_size'),
    field('num_layers'),
    field('num_attention_heads'),
    field('num_kv_heads'),
    field('head_dim'),
    field('vocab_size'),
  ];
  protected readonly advancedFields: FieldDescriptor[] = [
    field('num_experts'),
    field('experts_per_token'),
    field('expert_intermediate_size'),
    field('num_shared_experts'),
    field('first_dense_layers'),
    field('kv_lora_rank'),
    field('qk_rope_head_dim'),
    field('sliding_window'),
    field('sliding_window_pattern'),
  ];

  protected errorFor(key: keyof CustomModelGroup['controls']): string {
    return errorMessage(this.custom().controls[key]);
  }
}
