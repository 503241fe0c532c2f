import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Inspector } from '../inspector';
import { ApiError, readJsonBody, sendBytes, sendJson, sendProblem } from './http-io';
import { streamLive } from './live-stream';
import { CONTENT_SECURITY_POLICY, PAGE_HTML } from './page-html';

/** The built page (`npm run build` writes it; `src/inspector/build/bundle-page.ts`). */
export interface PageAssets {
  readonly script: Buffer;
  readonly styles: Buffer;
}

/** Where `npm run build` writes the page, from this file's place in `dist/src/inspector/server/`. */
export const DEFAULT_ASSETS_DIR = path.resolve(__dirname, '../../../inspector');

/**
 * Reads the built page.
 *
 * @throws Error naming the missing file and the command that writes it
 */
export async function loadPageAssets(dir = DEFAULT_ASSETS_DIR): Promise<PageAssets> {
  const read = (file: string) =>
    readFile(path.join(dir, file)).catch(() => {
      throw new Error(`${path.join(dir, file)} is missing: run npm run build`);
    });
  return { script: await read('page.js'), styles: await read('page.css') };
}

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<void> | void;

/**
 * The inspector's HTTP server (`node:http`; Koa stays the worker's): the page, its assets and the
 * JSON API. Requests whose `Host` is not the inspector's own are refused (a web page elsewhere
 * cannot reach it through DNS rebinding), and so are API calls from another `Origin` and POSTs
 * that are not `application/json` (no cross-site form can send one without a CORS preflight,
 * which the inspector never grants).
 *
 * @param allowedHosts - the `Host` values accepted (`127.0.0.1:PORT`, `localhost:PORT`); empty
 *   accepts any (when bound to all interfaces)
 */
export function createInspectorServer(
  inspector: Inspector,
  assets: PageAssets,
  allowedHosts: () => ReadonlySet<string>,
): Server {
  const routes: Readonly<Record<string, Partial<Record<'GET' | 'POST', Handler>>>> = {
    '/': {
      GET: (_request, response) => {
        sendBytes(
          response,
          200,
          {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': CONTENT_SECURITY_POLICY,
          },
          PAGE_HTML,
        );
      },
    },
    '/assets/page.js': {
      GET: (_request, response) => {
        sendBytes(
          response,
          200,
          { 'content-type': 'text/javascript; charset=utf-8' },
          assets.script,
        );
      },
    },
    '/assets/page.css': {
      GET: (_request, response) => {
        sendBytes(response, 200, { 'content-type': 'text/css; charset=utf-8' }, assets.styles);
      },
    },
    '/api/formats': {
      GET: (_request, response, url) => {
        const object = url.searchParams.get('object') ?? undefined;
        const time = url.searchParams.get('uploadedAtMs');
        sendJson(
          response,
          200,
          inspector.formats(object, time === null ? undefined : timeOf(time)),
        );
      },
    },
    '/api/send': {
      POST: async (request, response) => {
        sendJson(response, 200, { results: await inspector.send(await readJsonBody(request)) });
      },
    },
    '/api/decode': {
      POST: async (request, response) => {
        sendJson(response, 200, await inspector.decode(await readJsonBody(request)));
      },
    },
    '/api/live': {
      GET: (request, response) => {
        streamLive(request, response, inspector.feed);
      },
    },
  };

  return createServer((request, response) => {
    const handle = async (): Promise<void> => {
      const host = request.headers.host ?? '';
      const hosts = allowedHosts();
      if (hosts.size > 0 && !hosts.has(host)) {
        throw new ApiError(
          421,
          'Misdirected request',
          `this inspector does not answer for host ${JSON.stringify(host)}`,
        );
      }
      const url = new URL(request.url ?? '/', `http://${host}`);
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
      if (route === undefined)
        throw new ApiError(404, 'Not found', `no page or API at ${url.pathname}`);
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const handler = method === 'GET' || method === 'POST' ? route[method] : undefined;
      if (handler === undefined) {
        throw new ApiError(
          405,
          'Method not allowed',
          `${url.pathname} takes ${Object.keys(route).join(', ')}`,
          {
            allow: Object.keys(route).join(', '),
          },
        );
      }
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) {
        throw new ApiError(
          403,
          'Forbidden',
          `requests from ${JSON.stringify(origin)} are not served`,
        );
      }
      await handler(request, response, url);
    };
    handle().catch((error: unknown) => {
      sendProblem(response, error);
    });
  });
}

function timeOf(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ApiError(
      400,
      'Bad request',
      `uploadedAtMs must be milliseconds since the epoch, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
