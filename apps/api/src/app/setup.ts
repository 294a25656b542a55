import { INestApplication, LogLevel, ValidationPipe } from '@nestjs/common';
import { validationRequestError } from '@llm-calc/dto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { describeFieldsInOpenApi } from './openapi-fields';

export interface AppOptions {
  debug?: boolean;
  /** JSON body limit (413 beyond it). */
  bodyLimit?: string;
  logger?: false | LogLevel[];
}

/** Everything that makes the app what it is, shared by main.ts and the tests. */
export function configureApp(app: NestExpressApplication, options: AppOptions = {}): INestApplication {
  const debug = options.debug ?? false;
  app.useBodyParser('json', { limit: options.bodyLimit ?? '100kb' });
  app.use(
    helmet({
      // Served over plain http on loopback or a LAN address: no upgrade, no HSTS, no COOP.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      strictTransportSecurity: false,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
    }),
  );
  app.disable('x-powered-by');
  // API answers change with every request: no ETag hashing of each body.
  app.set('etag', false);
  // No CORS unless configured: CORS_ORIGIN="https://a.example,https://b.example" allows those origins.
  const origins = (process.env['CORS_ORIGIN'] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Targets kept (never sent) so that an unknown property can be answered with the closest known one.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => validationRequestError(errors),
    }),
  );
  app.useGlobalFilters(new ErrorFilter(debug));
  const config = new DocumentBuilder()
    .setTitle('LLM Scaling Calculator API')
    .setDescription(
      'Parameters, VRAM, FLOPs and roofline performance of LLMs on GPUs. Figures are in base units named in the field ' +
        '(_bytes, _flops, _seconds, _tokens_per_second); GB in the UI means 10^9 bytes, GiB 2^30.',
    )
    .setVersion('1.0')
    .build();
  SwaggerModule.setup('api/docs', app, () => describeFieldsInOpenApi(SwaggerModule.createDocument(app, config)), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

export async function createApp(options: AppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: options.logger ?? (options.debug ? ['error', 'warn', 'log', 'debug', 'verbose'] : ['error', 'warn']),
  });
  configureApp(app, options);
  return app;
}
