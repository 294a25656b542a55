import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { GpuListItem } from '@llm-calc/contracts';
import type { WeightFormat } from '@llm-calc/engine';
import { HelpTip } from '../shared/help-tip';
import { InferenceGroup, KV_CACHE_FORMAT_OPTIONS, WEIGHT_FORMAT_OPTIONS, errorMessage } from './calculator-form';
import { HELP } from './help-texts';
import { INFERENCE_FIELDS } from '@llm-calc/fields';

/** Sequence length, output tokens, batch and the two precisions. */
@Component({
  selector: 'app-inference-form',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatHint, MatSuffix, MatInput, MatSelect, MatOption, HelpTip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './inference-form.html',
  styleUrl: './form-section.scss',
})
export class InferenceForm {
  readonly group = input.required<InferenceGroup>();
  /** The chosen GPU: weight formats it cannot run are disabled. */
  readonly gpu = input<GpuListItem | null>(null);
  /** Why the precision just changed by itself (the GPU could not run the previous one). */
  readonly precisionNotice = input<string | null>(null);

  protected readonly help = HELP;
  protected readonly fields = INFERENCE_FIELDS;
  protected readonly weightFormats = WEIGHT_FORMAT_OPTIONS;
  protected readonly kvFormats = KV_CACHE_FORMAT_OPTIONS;

  protected supports(format: WeightFormat): boolean {
    const gpu = this.gpu();
    return !gpu || gpu.supported_precisions.includes(format);
  }

  protected errorFor(key: keyof InferenceGroup['controls']): string {
    return errorMessage(this.group().controls[key]);
  }
}
