import { resolve } from 'node:path';

export const WEB_LOG_FILE = 'web_app_calculations.log';
export const CLI_LOG_FILE = 'cli_calculations.log';

/** The history folder: $LOG_DIR, else logging/ under the working directory (the repository root). */
export function logDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['LOG_DIR'] || 'logging');
}
