import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';

/** One route an express app serves: METHOD and path, `:params` as they are declared. */
export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  name?: string;
}

/**
 * Every route an express 5 app serves, read from its router stack (mounted routers included),
 * plus every file of a static folder it serves: the list a walk of "everything a stranger can
 * reach" starts from, so a route added later is walked without anyone listing it here.
 */
export function servedRoutes(app: Express, staticFolders: Record<string, string> = {}): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const mount = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase(), path: join(prefix, layer.route.path) });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  for (const [mount, folder] of Object.entries(staticFolders)) {
    for (const file of fs.readdirSync(folder, { recursive: true }) as string[]) {
      if (fs.statSync(path.join(folder, file)).isFile()) routes.push({ method: 'GET', path: `${mount}/${file.split(path.sep).join('/')}` });
    }
  }
  return routes;
}

function join(prefix: string, part: string): string {
  if (part === '/' || part === '') return prefix || '/';
  return `${prefix}${part}`.replace(/\/+$/, '') || '/';
}
