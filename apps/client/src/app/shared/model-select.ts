import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatOptgroup, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatSelect } from '@angular/material/select';
import type { AvailableModelsResponse, SavedCustomModel } from '@llm-calc/contracts';
import type { ModelArchitecture } from '@llm-calc/engine';
import { HelpTip } from './help-tip';

/** Picker values of saved custom models; preset ids never contain ':'. */
export const SAVED_MODEL_PREFIX = 'saved:';

export function savedModelValue(name: string): string {
  return `${SAVED_MODEL_PREFIX}${name}`;
}

/**
 * The request's model fields for a picker value: `model` for a preset id, `custom_model` with the
 * architecture for a saved custom model (the planning endpoints take either).
 */
export function modelRequestFields(
  value: string,
  saved: readonly SavedCustomModel[],
): { model: string; custom_model?: undefined } | { model?: undefined; custom_model: ModelArchitecture } {
  if (value.startsWith(SAVED_MODEL_PREFIX)) {
    const name = value.slice(SAVED_MODEL_PREFIX.length);
    const found = saved.find((s) => s.name === name);
    if (found) return { custom_model: found.model };
  }
  return { model: value };
}

/**
 * The model picker of the planning pages: the catalogue by family, then the custom models saved
 * from the calculator. Give the host the grid's `wide` class to span the form.
 */
@Component({
  selector: 'app-model-select',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatSuffix, MatSelect, MatOption, MatOptgroup, HelpTip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field>
      <mat-label>Model</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        @for (family of families(); track family.family) {
          <mat-optgroup [label]="family.family">
            @for (model of family.models; track model.id) {
              <mat-option [value]="model.id">{{ model.name }}</mat-option>
            }
          </mat-optgroup>
        } @empty {
          <mat-option disabled value="">No models available</mat-option>
        }
        @if (saved().length > 0) {
          <mat-optgroup label="Saved custom models">
            @for (model of saved(); track model.name) {
              <mat-option [value]="savedValue(model.name)">{{ model.name }}</mat-option>
            }
          </mat-optgroup>
        }
      </mat-select>
      <app-help-tip matSuffix label="Model" [text]="help()" />
      <mat-error>Choose a model</mat-error>
    </mat-form-field>
  `,
  styleUrl: './picker.scss',
})
export class ModelSelect {
  readonly control = input.required<FormControl<string>>();
  readonly families = input.required<AvailableModelsResponse['families']>();
  readonly saved = input<readonly SavedCustomModel[]>([]);
  readonly help = input.required<string>();
  readonly testId = input('model-select');

  protected savedValue(name: string): string {
    return savedModelValue(name);
  }
}
