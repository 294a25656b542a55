import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle } from '@angular/material/expansion';
import { MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { ImportHfConfigResponse } from '@llm-calc/contracts';
import { HelpTip } from '../shared/help-tip';
import { ApiService, describeApiError } from '../shared/api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { SavedModelsStore } from '../shared/saved-models-store';
import { collapseMissingKeys } from '../shared/server-messages';
import { HttpErrorResponse } from '@angular/common/http';
import { customModelFromValue } from './calculator-form';
import { CalculatorStore } from './calculator-store';
import { HELP } from './help-texts';

/** config.json files are a few kB; anything far larger is not one. */
const MAX_CONFIG_FILE_BYTES = 1_000_000;

/**
 * Saved custom models (save the form's model under a name, load one back, delete one) and the
 * import of a Hugging Face config.json, pasted or read from a file, into the calculator's form.
 */
@Component({
  selector: 'app-custom-model-tools',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatOption,
    MatExpansionPanel,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
    MatFormField,
    MatLabel,
    MatHint,
    MatSuffix,
    MatInput,
    MatSelect,
    HelpTip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './custom-model-tools.html',
  styleUrl: './form-section.scss',
})
export class CustomModelTools {
  private readonly api = inject(ApiService);
  private readonly store = inject(CalculatorStore);
  private readonly savedModels = inject(SavedModelsStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly saved = this.savedModels.models;
  /** A save or a delete on its way or failed (the list's own load counts too). */
  protected readonly savedState = signal<RequestState>('idle');
  /** What the last save, load or delete did, for the status line. */
  protected readonly savedMessage = signal<string | null>(null);
  protected readonly importState = signal<RequestState>('idle');
  protected readonly importResult = signal<ImportHfConfigResponse | null>(null);
  /** The form's model name, offered as the name to save under. */
  protected readonly currentName = toSignal(this.store.controls.custom.controls.name.valueChanges, {
    initialValue: this.store.controls.custom.controls.name.value,
  });

  protected readonly help = HELP;
  protected readonly saveName = new FormControl('', { nonNullable: true });
  protected readonly selected = new FormControl<string | null>(null);
  protected readonly configText = new FormControl('', { nonNullable: true });
  protected readonly fileError = signal<string | null>(null);
  protected readonly savedError = computed(() => requestErrorMessage(this.savedState()) ?? requestErrorMessage(this.savedModels.state()));
  protected readonly importError = computed(() => requestErrorMessage(this.importState()));
  protected readonly busy = computed(() => this.savedState() === 'loading');

  protected saveAs(): void {
    const name = (this.saveName.value.trim() || (this.currentName() ?? '').trim()).slice(0, 200);
    if (!name) return;
    const custom = this.store.controls.custom;
    if (custom.invalid) {
      custom.markAllAsTouched();
      this.savedState.set({ error: 'The custom model has fields that need attention; fix them before saving.' });
      return;
    }
    this.savedState.set('loading');
    this.savedMessage.set(null);
    this.savedModels
      .save(name, customModelFromValue(custom.getRawValue(), this.store.presetExtras()))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.savedState.set('loaded');
          this.savedMessage.set(`Saved “${saved.name}”.`);
        },
        error: (error: unknown) => this.savedState.set({ error: describeApiError(error) }),
      });
  }

  protected loadSelected(): void {
    const model = this.saved().find((m) => m.name === this.selected.value);
    if (!model) return;
    this.store.useCustomModel(model.model);
    this.savedState.set('loaded');
    this.savedMessage.set(`Loaded “${model.name}” into the custom fields: press Calculate.`);
  }

  protected deleteSelected(): void {
    const name = this.selected.value;
    if (!name) return;
    this.selected.setValue(null);
    this.savedState.set('loading');
    this.savedMessage.set(null);
    this.savedModels
      .remove(name)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.savedState.set('loaded');
          this.savedMessage.set(`Deleted “${name}”.`);
        },
        error: (error: unknown) => this.savedState.set({ error: describeApiError(error) }),
      });
  }

  protected importPasted(): void {
    this.fileError.set(null);
    this.importConfig(this.configText.value, null);
  }

  protected readFile(event: Event): void {
    const target = event.target as HTMLInputElement;
    const file = target.files?.[0];
    target.value = '';
    this.fileError.set(null);
    if (!file) return;
    if (file.size > MAX_CONFIG_FILE_BYTES) {
      this.fileError.set(`${file.name} is too large for a config.json (${file.size} bytes).`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const text = typeof reader.result === 'string' ? reader.result : '';
      this.configText.setValue(text);
      this.importConfig(text, file.name);
    };
    reader.onerror = () => this.fileError.set(`Could not read ${file.name}.`);
    reader.readAsText(file);
  }

  /** Sends the parsed config to POST /api/import_hf_config and puts the answer into the form. */
  private importConfig(text: string, fileName: string | null): void {
    this.importResult.set(null);
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (error) {
      this.importState.set({ error: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      this.importState.set({ error: 'A config.json is a JSON object ({ ... }).' });
      return;
    }
    const object = config as Record<string, unknown>;
    this.importState.set('loading');
    this.api
      .importHfConfig(object)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (imported) => {
          const model = { ...imported.custom_model, name: importedName(object, fileName, imported.custom_model.name) };
          this.store.useCustomModel(model);
          this.importResult.set({ ...imported, custom_model: model });
          this.importState.set('loaded');
        },
        error: (error: unknown) => {
          const body = error instanceof HttpErrorResponse ? (error.error as { message?: unknown } | null) : null;
          const lines = Array.isArray(body?.message) ? (body.message as string[]) : null;
          this.importState.set({ error: lines ? collapseMissingKeys(lines, object).join('\n') : describeApiError(error) });
        },
      });
  }
}

/**
 * The imported model's name: the config's _name_or_path when it has one (the server's choice),
 * else the uploaded file's name ("Qwen2.5-7B.json" -> "Qwen2.5-7B"; a plain "config.json" keeps
 * the server's), else the server's.
 */
export function importedName(config: Record<string, unknown>, fileName: string | null, serverName: string): string {
  const path = config['_name_or_path'];
  if (typeof path === 'string' && path.trim() !== '') return path.trim().slice(0, 200);
  if (fileName) {
    const stem = fileName.replace(/\.json$/i, '').trim();
    if (stem && stem.toLowerCase() !== 'config') return stem.slice(0, 200);
  }
  return serverName;
}
