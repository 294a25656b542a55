import { DOCUMENT, Injectable, inject } from '@angular/core';

/**
 * Saves text or an image as a file through a temporary link: a Blob behind an object URL (or
 * a data URL for canvas images), clicked and then released. No markup is written anywhere.
 */
@Injectable({ providedIn: 'root' })
export class DownloadService {
  private readonly document = inject(DOCUMENT);

  text(content: string, fileName: string, type: string): void {
    const url = URL.createObjectURL(new Blob([content], { type }));
    this.click(url, fileName);
    // Released after the click has been handled; revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  dataUrl(url: string, fileName: string): void {
    this.click(url, fileName);
  }

  private click(href: string, fileName: string): void {
    const link = this.document.createElement('a');
    link.href = href;
    link.download = fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    this.document.body.appendChild(link);
    link.click();
    link.remove();
  }
}
