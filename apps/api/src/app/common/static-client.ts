import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Angular's content-hashed output names: main-ABCD1234.js, chunk-XYZ12345.js, styles-….css. */
export const HASHED_ASSET = /-[A-Za-z0-9_]{8,}\.(?:js|css)$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built client at / : hashed bundles cached for a year (they never change under their
 * name), everything else (index.html first) revalidated on each use (no-cache). A path whose last
 * segment has a dot is a file: missing (`/main.js.map`, `/.env`), it is a 404 like any unknown
 * path, not index.html. Other paths outside /api are the single-page app's routes: index.html.
 * Nothing is served when the client is not built.
 */
export function serveClient(app: NestExpressApplication, root: string): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(root, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (res: Response, path: string) => res.setHeader('Cache-Control', HASHED_ASSET.test(basename(path)) ? IMMUTABLE : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path === '/api' || req.path.startsWith('/api/')) return next();
    const last = req.path.split('/').pop() ?? '';
    if (last.includes('.')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (err?: Error) => {
      if (err && !res.headersSent) next();
    });
  });
}
