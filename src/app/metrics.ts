import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from '../queue/index.js';

/** The Prometheus metrics of one process (`GET /metrics`); docs/deploy.md says what to watch. */
export interface AppMetrics {
  registry: Registry;
  webhooks: Counter<'event' | 'result'>;
  enqueueSeconds: Histogram<'event'>;
  jobSeconds: Histogram<'kind' | 'outcome'>;
  jobs: Counter<'kind' | 'outcome'>;
  githubCalls: Counter<'method' | 'status'>;
  rateLimitRemaining: Gauge<'installation'>;
}

/** `queue` is read at each scrape (the queue opens after the metrics exist). */
export function createMetrics(queue: () => JobQueue | undefined = () => undefined): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gitops_guard_process_' });
  {
    new Gauge({
      name: 'gitops_guard_queue_jobs',
      help: 'Jobs in the queue by state (waiting, active, delayed: rate-limited, backing off or waiting for their repository).',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await queue()
          ?.counts()
          .catch(() => undefined);
        if (!counts) return;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }
  return {
    registry,
    webhooks: new Counter({
      name: 'gitops_guard_webhooks_total',
      help: 'Webhook events handled, by event and result (queued, duplicate-delivery, coalesced, not-queued: answered 503).',
      labelNames: ['event', 'result'],
      registers: [registry],
    }),
    enqueueSeconds: new Histogram({
      name: 'gitops_guard_webhook_enqueue_seconds',
      help: 'Time to enqueue a webhook event.',
      labelNames: ['event'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'gitops_guard_job_duration_seconds',
      help: 'Time a worker spent on a job, by kind and outcome.',
      labelNames: ['kind', 'outcome'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'gitops_guard_jobs_total',
      help: 'Jobs finished, by kind and outcome (done, superseded, retry, rate-limited, failed; verify jobs: completed, moved-on, requeued, coalesced, gave-up).',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    githubCalls: new Counter({
      name: 'gitops_guard_github_requests_total',
      help: 'GitHub API answers by method and HTTP status.',
      labelNames: ['method', 'status'],
      registers: [registry],
    }),
    rateLimitRemaining: new Gauge({
      name: 'gitops_guard_github_rate_limit_remaining',
      help: 'x-ratelimit-remaining of the last GitHub answer, per installation.',
      labelNames: ['installation'],
      registers: [registry],
    }),
  };
}
