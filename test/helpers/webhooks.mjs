// Signed webhook deliveries on 127.0.0.1, for the queue tests and bench:queue.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export function deliverSigned(port, secret, name, id, payload) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/github/webhooks',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': name,
          'x-github-delivery': id,
          'x-hub-signature-256': signature,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function pullRequestPayload(action, repository, number, head, base, updatedAt) {
  return {
    action,
    number,
    installation: { id: 1 },
    repository: {
      name: repository,
      full_name: `acme/${repository}`,
      owner: { login: 'acme' },
      default_branch: 'main',
    },
    pull_request: {
      number,
      state: 'open',
      draft: false,
      changed_files: 1,
      updated_at: new Date(updatedAt).toISOString(),
      head: { sha: head, ref: 'change' },
      base: { sha: base, ref: 'main' },
    },
    ...(action === 'edited' ? { changes: { title: { from: 'old' } } } : {}),
  };
}
