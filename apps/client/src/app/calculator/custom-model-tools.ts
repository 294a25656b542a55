import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle } from '@angular/material/expansion';
import { MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { ImportHfConfigResponse, SavedCustomModel } from '@llm-calc/contracts';
import { HelpTip } from '../shared/help-tip';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { HELP } from './help-texts';

/** config.json files are a few kB; anything far larger is not one. */
const MAX_CONFIG_FILE_BYTES = 1_000_000;

/**
 * Saved custom models (save the form's model under a name, load one back, delete one) and the
 * import of a Hugging Face config.json, pasted or read from a file. The page does the requests.
 */
@Component({
  selector: 'app-custom-model-tools',
  imports: [
    ReactiveFormsModule, MatButton, MatOption, MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle,
    MatFormField, MatLabel, MatHint, MatSuffix, MatInput, MatSelect, HelpTip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './custom-model-tools.html',
  styleUrl: './form-section.scss',
})
export class CustomModelTools {
  readonly saved = input.required<SavedCustomModel[]>();
  /** The list, a save or a delete on its way or failed. */
  readonly savedState = input<RequestState>('idle');
  /** The form's model name, offered as the name to save under. */
  readonly currentName = input('');
  /** What the last save, load or delete did, for the status line. */
  readonly savedMessage = input<string | null>(null);
  readonly importState = input<RequestState>('idle');
  readonly importResult = input<ImportHfConfigResponse | null>(null);

  readonly save = output<string>();
  readonly loadSaved = output<SavedCustomModel>();
  readonly remove = output<string>();
  /** The text of a config.json, pasted or read from a file. */
  readonly importConfig = output<string>();

  protected readonly help = HELP;
  protected readonly saveName = new FormControl('', { nonNullable: true });
  protected readonly selected = new FormControl<string | null>(null);
  protected readonly configText = new FormControl('', { nonNullable: true });
  protected readonly fileError = signal<string | null>(null);
  protected readonly savedError = computed(() => requestErrorMessage(this.savedState()));
  protected readonly importError = computed(() => requestErrorMessage(this.importState()));
  protected readonly busy = computed(() => this.savedState() === 'loading');

  protected saveAs(): void {
    const name = (this.saveName.value.trim() || this.currentName().trim()).slice(0, 200);
    if (name) this.save.emit(name);
  }

  protected loadSelected(): void {
    const model = this.saved().find((m) => m.name === this.selected.value);
    if (model) this.loadSaved.emit(model);
  }

  protected deleteSelected(): void {
    const name = this.selected.value;
    if (name) {
      this.remove.emit(name);
      this.selected.setValue(null);
    }
  }

  protected importPasted(): void {
    this.fileError.set(null);
    this.importConfig.emit(this.configText.value);
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
      this.importConfig.emit(text);
    };
    reader.onerror = () => this.fileError.set(`Could not read ${file.name}.`);
    reader.readAsText(file);
  }
}
