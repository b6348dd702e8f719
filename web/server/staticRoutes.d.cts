import type { IncomingMessage, ServerResponse } from 'node:http';

/** The shape of `@gitforge/server`'s Route, restated so this package needs no build. */
export interface WebRoute {
  name: string;
  methods?: string[];
  match: (pathname: string) => boolean;
  handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

export interface StatusService {
  name: string;
  /** Origin of the service, e.g. `http://127.0.0.1:4001`; `/health/ready` is appended. */
  url: string;
}

export interface WebRoutesOptions {
  /** Defaults to web/dist next to this file. */
  distDir?: string;
  /** Services reported by `GET /api/status`; omitted = no status route. */
  statusServices?: StatusService[] | (() => StatusService[]);
  /** Per-service deadline of the status probe; default 2000 ms. */
  statusTimeoutMs?: number;
  /** Prometheus to read firing alerts from (`PROMETHEUS_URL`); omitted = no `alerts` in the report. */
  prometheusUrl?: string;
}

/** `/api/status` (when statusServices is given) then the UI: mount after every other route. */
export function webRoutes(options?: WebRoutesOptions): WebRoute[];

export const CONTENT_SECURITY_POLICY: string;
