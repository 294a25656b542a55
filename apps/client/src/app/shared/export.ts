import { DOCUMENT, Injectable, inject } from '@angular/core';

/**
 * Files the user downloads: CSV and JSON built here, PNGs from chart canvases. Text is built by
 * pure functions (tested without a browser); only FileDownloader touches the DOM.
 */

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet may read as a formula (OWASP "CSV injection"): = + - @ (or their fullwidth
 * forms, which Excel and LibreOffice fold to ASCII on input) as the first character that is not
 * blank or invisible (space, NBSP and the other Unicode spaces, BOM, zero-width space/joiners,
 * word joiner, soft hyphen: spreadsheets trim some of them, and a reader cannot see any), or a
 * leading TAB or CR.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * One CSV field: text that a spreadsheet would run as a formula gets a leading apostrophe (before
 * any blanks, so the cell as a whole is text), then
 * any field with a comma, quote, CR or LF is quoted with its quotes doubled (RFC 4180).
 * Numbers are written as they are: a negative number is data, not a formula.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: the header, then one line per row, CRLF line ends as RFC 4180 asks. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "llm-compare-2026-01-31T12-00-00.csv": sortable, and safe on every file system. */
export function exportFileName(prefix: string, extension: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.${extension}`;
}

/**
 * The PNG of a canvas on an opaque background: Chart.js draws on a transparent canvas, which
 * image viewers show on black or checkerboard.
 */
export function canvasToPng(source: HTMLCanvasElement, background = '#ffffff'): Promise<Blob | null> {
  const copy = source.ownerDocument.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const context = copy.getContext('2d');
  if (!context) return Promise.resolve(null);
  context.fillStyle = background;
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(source, 0, 0);
  return new Promise((resolve) => copy.toBlob(resolve, 'image/png'));
}

/** Saves a Blob as a file through an object URL and a temporary download link. */
@Injectable({ providedIn: 'root' })
export class FileDownloader {
  private readonly document = inject(DOCUMENT);

  save(fileName: string, blob: Blob): void {
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked on the next task: the click has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url));
  }

  saveCsv(fileName: string, csv: string): void {
    this.save(fileName, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  }

  saveJson(fileName: string, value: unknown): void {
    this.save(fileName, new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  }
}
