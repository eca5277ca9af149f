import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JobQueue } from '../queue/index.js';
import type { AppMetrics } from './metrics.js';

/**
 * `GET /healthz` (the process answers), `GET /readyz` (its queue's store answers too) and
 * `GET /metrics` (Prometheus), served by Probot's HTTP server in every role.
 */
export function operationsHandler(queue: () => JobQueue | undefined, metrics: AppMetrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET') return false;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return true;
    }
    if (path === '/readyz') {
      const q = queue();
      try {
        if (!q) throw new Error('the queue is not open yet');
        await q.ping();
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`ready (${q.engine})\n`);
      } catch (error) {
        res
          .writeHead(503, { 'content-type': 'text/plain' })
          .end(`not ready: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      return true;
    }
    if (path === '/metrics') {
      res
        .writeHead(200, { 'content-type': metrics.registry.contentType })
        .end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}
