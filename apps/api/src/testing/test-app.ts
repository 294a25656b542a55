import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../app/app.module';
import { configureApp } from '../app/setup';

export interface TestApp {
  app: NestExpressApplication;
  logDir: string;
  close(): Promise<void>;
}

/** The real application (all modules, pipes, filter, helmet) on a fresh history folder. */
export async function createTestApp(logDir = mkdtempSync(join(tmpdir(), 'llm-calc-api-'))): Promise<TestApp> {
  process.env['LOG_DIR'] = logDir;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  return { app, logDir, close: () => app.close() };
}

export const LLAMA_REQUEST = { model: 'llama-3.1-8b', gpu: 'h100-sxm' } as const;
