import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption } from '@angular/material/core';
import { MatSelect } from '@angular/material/select';
import { DEFAULT_COMPUTE_EFFICIENCY, DEFAULT_MEMORY_EFFICIENCY } from '@llm-calc/engine';
import type { GpuConfigsResponse } from '@llm-calc/contracts';
import { GpuSelect } from '../shared/gpu-select';
import { HelpTip } from '../shared/help-tip';
import { HardwareGroup, OFFLOAD_RUNTIME, RUNTIME_OPTIONS, errorMessage, runtimeLabel } from './calculator-form';
import { HELP } from './help-texts';
import { INFERENCE_FIELDS } from '@llm-calc/fields';

/** The GPU, the runtime (and llama.cpp's offload), how many GPUs, how they split the model, the two efficiencies and the price. */
@Component({
  selector: 'app-hardware-form',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatHint, MatSuffix, MatInput, MatSelect, MatOption, HelpTip, GpuSelect],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './hardware-form.html',
  styleUrl: './form-section.scss',
})
export class HardwareForm {
  readonly group = input.required<HardwareGroup>();
  readonly families = input.required<GpuConfigsResponse['families']>();

  protected readonly help = HELP;
  protected readonly fields = INFERENCE_FIELDS;
  protected readonly defaults = { efficiency: DEFAULT_COMPUTE_EFFICIENCY, memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY };
  protected readonly runtimes = RUNTIME_OPTIONS;
  protected readonly offloadRuntime = OFFLOAD_RUNTIME;
  protected readonly label = runtimeLabel;

  protected errorFor(key: keyof HardwareGroup['controls']): string {
    return errorMessage(this.group().controls[key]);
  }
}
