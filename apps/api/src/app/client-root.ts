import { resolve } from 'node:path';

/** The built Angular client: $CLIENT_DIR, else dist/apps/client/browser under the working directory. */
export function clientRoot(): string {
  return resolve(process.env['CLIENT_DIR'] || 'dist/apps/client/browser');
}
