import { ChangeDetectionStrategy, Component, DOCUMENT, inject, signal } from '@angular/core';
import { Clipboard } from '@angular/cdk/clipboard';
import { MatButton } from '@angular/material/button';
import { CalculatorLink } from './calculator-link';
import { CalculatorStore } from './calculator-store';
import { cliCommand } from './cli-command';

interface SharedText {
  kind: 'link' | 'cli';
  text: string;
  copied: boolean;
}

/** "Copy link" and "Copy as CLI command" for the form's current inputs, with the text shown to select by hand. */
@Component({
  selector: 'app-share-actions',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="buttons">
      <button mat-stroked-button type="button" (click)="copyLink()" data-testid="copy-link">Copy link</button>
      <button mat-stroked-button type="button" (click)="copyCliCommand()" data-testid="copy-cli">Copy as CLI command</button>
    </div>
    @if (shared(); as s) {
      <div class="shared" role="status">
        <span>{{ s.kind === 'link' ? 'Link' : 'CLI command' }}{{ s.copied ? ' (copied)' : ' (select and copy it)' }}:</span>
        <code data-testid="shared-text">{{ s.text }}</code>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      min-inline-size: 0;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .shared {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-block-start: 8px;
      min-inline-size: 0;
    }
    code {
      display: block;
      padding: 8px 12px;
      border-radius: 8px;
      overflow-wrap: anywhere;
      white-space: pre-wrap;
      background: var(--mat-sys-surface-container);
      font:
        13px/1.5 ui-monospace,
        monospace;
    }
  `,
})
export class ShareActions {
  private readonly store = inject(CalculatorStore);
  private readonly link = inject(CalculatorLink);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);
  protected readonly shared = signal<SharedText | null>(null);

  protected copyLink(): void {
    const url = this.link.url(this.document.location.origin);
    this.shared.set({ kind: 'link', text: url, copied: this.clipboard.copy(url) });
  }

  protected copyCliCommand(): void {
    const command = cliCommand(this.store.request());
    this.shared.set({ kind: 'cli', text: command, copied: this.clipboard.copy(command) });
  }
}
