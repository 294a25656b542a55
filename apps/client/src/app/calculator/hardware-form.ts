import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { GpuConfigsResponse } from '@llm-calc/contracts';
import { GpuSelect } from '../shared/gpu-select';
import { HelpTip } from '../shared/help-tip';
import { HardwareGroup, errorMessage } from './calculator-form';
import { HELP } from './help-texts';
import { INFERENCE_FIELDS } from '@llm-calc/fields';

/** The GPU, how many, how they split the model, the two efficiencies and the price. */
@Component({
  selector: 'app-hardware-form',
  imports: [
    ReactiveFormsModule, MatFormField, MatLabel, MatError, MatHint, MatSuffix, MatInput, HelpTip, GpuSelect,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './hardware-form.html',
  styleUrl: './form-section.scss',
})
export class HardwareForm {
  readonly group = input.required<HardwareGroup>();
  readonly families = input.required<GpuConfigsResponse['families']>();

  protected readonly help = HELP;
  protected readonly fields = INFERENCE_FIELDS;

  protected errorFor(key: keyof HardwareGroup['controls']): string {
    return errorMessage(this.group().controls[key]);
  }
}
