import { ConsoleLogger, INestApplication, LogLevel, ValidationPipe } from '@nestjs/common';
import { HistoryQueryDto, validationRequestError } from '@llm-calc/dto';
import { NestFactory } from '@nestjs/core';
import type { ValidationError } from 'class-validator';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { clientRoot } from './client-root';
import { bodyLimits } from './common/body-limits';
import { compression } from './common/compression';
import { ErrorFilter } from './common/error.filter';
import { hostAllowList, jsonBodiesOnly, tokenGuard } from './common/request-guards';
import { serveClient } from './common/static-client';
import { describeFieldsInOpenApi } from './openapi-fields';

export interface AppOptions {
  debug?: boolean;
  /** JSON body limit (413 beyond it). */
  bodyLimit?: string;
  logger?: false | LogLevel[];
  /** The address the server binds to: the Host allow-list depends on it (default loopback). */
  host?: string;
  /** Environment read for ALLOWED_HOSTS, API_TOKEN, CORS_ORIGIN (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * One line per broken rule is noise when the first rule explains the rest: a parameter given
 * twice fails every rule (only "must be given once" is said), and a value that is not a whole
 * number in the history query also fails its bounds (only "must be a whole number" is said).
 */
function onlyRepeated(errors: ValidationError[]): ValidationError[] {
  for (const e of errors) {
    const c = e.constraints;
    if (c?.['notRepeated']) e.constraints = { notRepeated: c['notRepeated'] };
    else if (c?.['isInt'] && e.target instanceof HistoryQueryDto) e.constraints = { isInt: c['isInt'] };
    if (e.children?.length) onlyRepeated(e.children);
  }
  return errors;
}

/** Everything that makes the app what it is, shared by main.ts and the tests. */
export function configureApp(app: NestExpressApplication, options: AppOptions = {}): INestApplication {
  const debug = options.debug ?? false;
  const env = options.env ?? process.env;
  // Order matters: refuse foreign Host names first, then compress whatever is answered, then
  // security headers, the static client, the token for writes, JSON only, parse, bound the body.
  app.use(hostAllowList(options.host ?? '127.0.0.1', env));
  app.use(compression());
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
  const origins = (env['CORS_ORIGIN'] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins });
  serveClient(app, clientRoot());
  const token = tokenGuard(env);
  if (token) app.use(token);
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { limit: options.bodyLimit ?? '100kb', type: ['application/json', 'application/*+json'] });
  app.use(bodyLimits());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      // One problem per field: its first (type before range), not several contradictory ones.
      stopAtFirstError: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Targets kept (never sent) so that an unknown property can be answered with the closest known one.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => validationRequestError(onlyRepeated(errors)),
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
  SwaggerModule.setup('api/docs', app, () => describeFieldsInOpenApi(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}

export async function createApp(options: AppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger:
      options.logger === false
        ? false
        : new ConsoleLogger({
            logLevels: options.logger ?? (options.debug ? ['error', 'warn', 'log', 'debug', 'verbose'] : ['error', 'warn']),
            // No ANSI colours in a log file or pipe (NO_COLOR honoured as well).
            colors: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
          }),
  });
  configureApp(app, options);
  return app;
}
