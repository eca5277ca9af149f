// A simulated GitHub API on 127.0.0.1 (a real HTTP server, so worker processes can share it):
// enough of the REST and GraphQL API for gitops-guard's review of a pull request whose head adds
// one privileged container, with check runs and reviews recorded for the assertions. Used by the
// queue tests and by `npm run bench:queue`. Point Probot at it with GHE_HOST / GHE_PROTOCOL=http.
import { createServer } from 'node:http';
import { deliverSigned } from './webhooks.mjs';

const DEPLOYMENT = (image, privileged) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: team
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ${image}
${privileged ? '          securityContext:\n            privileged: true\n' : ''}`;
const PATH = 'clusters/prod/app.yaml';
const PATCH =
  '@@ -9,4 +9,6 @@ spec:\n     spec:\n       containers:\n         - name: app\n-          image: registry.example.com/app:1.0\n+          image: registry.example.com/app:1.1\n+          securityContext:\n+            privileged: true';

/**
 * options.latencyMs: added to every answer; options.holdMs(sha): extra time the review of that
 * head spends in GitHub (on its compare call); options.appId: our app id on check runs.
 */
export async function startSimulatedGitHub(options = {}) {
  const appId = options.appId ?? 1;
  const checkRuns = []; // { id, owner, repo, head_sha, name, status, conclusion, output, app: { id } }
  const reviews = []; // { owner, repo, number, commit_id, comments }
  const calls = { total: 0 };
  const pulls = new Map(); // `${owner}/${repo}#${n}` -> { head, base, state }
  // Webhook deliveries made through deliver(), newest last, as GET /app/hook/deliveries lists them.
  const deliveries = []; // { item: hook-delivery-item, request: { port, secret, name, payload } }
  let nextId = 1;

  async function send(request, guid, redelivery) {
    const { port, secret, name, payload } = request;
    const answer = await deliverSigned(port, secret, name, guid, payload).catch(() => ({ status: 0, ms: 0 }));
    deliveries.push({
      request,
      item: {
        id: 1000 + deliveries.length,
        guid,
        delivered_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        redelivery,
        duration: answer.ms / 1000,
        status: answer.status >= 200 && answer.status < 300 ? 'OK' : 'failed',
        status_code: answer.status,
        event: name,
        action: payload.action ?? null,
        installation_id: payload.installation?.id ?? null,
        repository_id: null,
      },
    });
    return answer;
  }

  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      ...headers,
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = (req) =>
    new Promise((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data ? JSON.parse(data) : undefined));
    });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function route(req, res) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const method = req.method;
    const body = method === 'GET' ? undefined : await readBody(req);
    calls.total++;
    if (options.latencyMs) await sleep(options.latencyMs);
    let m;
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path))
      return json(res, 201, { token: 'ghs_simulated', expires_at: '2099-01-01T00:00:00Z' });
    if (method === 'POST' && path === '/api/graphql') return json(res, 200, graphql(body));
    if (method === 'GET' && path === '/app/hook/deliveries') {
      // Newest first; the cursor is the id to continue below (GitHub's cursors are opaque).
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const below = Number(url.searchParams.get('cursor') ?? Infinity);
      const items = deliveries
        .map((d) => d.item)
        .filter((d) => d.id < below)
        .reverse();
      const page = items.slice(0, perPage);
      const more = items.length > perPage;
      return json(
        res,
        200,
        page,
        more
          ? {
              link: `<http://${req.headers.host}/api/v3/app/hook/deliveries?per_page=${perPage}&cursor=${page.at(-1).id}>; rel="next"`,
            }
          : {},
      );
    }
    if ((m = path.match(/^\/app\/hook\/deliveries\/(\d+)\/attempts$/)) && method === 'POST') {
      const original = deliveries.find((d) => d.item.id === Number(m[1]));
      if (!original) return json(res, 404, { message: 'Not Found' });
      setTimeout(() => void send(original.request, original.item.guid, true), 10);
      return json(res, 202, {});
    }
    if (
      (m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/check-runs$/)) &&
      method === 'GET'
    ) {
      const runs = checkRuns.filter(
        (r) =>
          r.owner === m[1] &&
          r.repo === m[2] &&
          r.head_sha === m[3] &&
          (!url.searchParams.get('check_name') || r.name === url.searchParams.get('check_name')),
      );
      return json(res, 200, {
        total_count: runs.length,
        check_runs: runs.map((r) => ({
          id: r.id,
          name: r.name,
          head_sha: r.head_sha,
          status: r.status,
          conclusion: r.conclusion,
          app: r.app,
          output: { annotations_count: r.annotations },
        })),
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs$/)) && method === 'POST') {
      const run = {
        id: nextId++,
        owner: m[1],
        repo: m[2],
        head_sha: body.head_sha,
        name: body.name,
        status: body.status ?? 'queued',
        conclusion: body.conclusion ?? null,
        output: body.output,
        app: { id: appId },
        annotations: body.output?.annotations?.length ?? 0,
        updates: 0,
      };
      checkRuns.push(run);
      return json(res, 201, { id: run.id });
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/)) && method === 'PATCH') {
      const run = checkRuns.find((r) => r.id === Number(m[3]));
      if (!run) return json(res, 404, { message: 'Not Found' });
      Object.assign(run, {
        status: body.status ?? run.status,
        conclusion: body.conclusion ?? run.conclusion,
        output: body.output ?? run.output,
        updates: run.updates + 1,
      });
      run.annotations += body.output?.annotations?.length ?? 0;
      return json(res, 200, { id: run.id });
    }
    if (
      (m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/)) &&
      method === 'GET'
    ) {
      const hold = options.holdMs?.(m[4]) ?? 0;
      if (hold) await sleep(hold);
      const commits = [
        {
          sha: m[4],
          author: { login: 'dev', type: 'User' },
          committer: { login: 'web-flow', type: 'User' },
          commit: {
            message: 'change',
            author: { name: 'dev', email: 'dev@example.com' },
            committer: { name: 'GitHub', email: 'noreply@github.com' },
            verification: { verified: true, reason: 'valid', signature: null, payload: null },
          },
        },
      ];
      return json(res, 200, {
        status: 'ahead',
        total_commits: 1,
        commits,
        files: [
          {
            sha: 'd'.repeat(40),
            filename: PATH,
            status: 'modified',
            additions: 3,
            deletions: 1,
            changes: 4,
            blob_url: '',
            raw_url: '',
            contents_url: '',
            patch: PATCH,
          },
        ],
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([0-9a-f]+)$/)) && method === 'GET') {
      return json(res, 200, {
        sha: m[3],
        truncated: false,
        tree: [{ path: PATH, type: 'blob', mode: '100644', sha: 'e'.repeat(40), size: 200 }],
      });
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/)) && method === 'POST') {
      reviews.push({
        owner: m[1],
        repo: m[2],
        number: Number(m[3]),
        commit_id: body.commit_id,
        comments: body.comments?.length ?? 0,
      });
      return json(res, 200, { id: nextId++ });
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/)) && method === 'GET') {
      const pr = pulls.get(`${m[1]}/${m[2]}#${m[3]}`);
      if (!pr) return json(res, 404, { message: 'Not Found' });
      return json(res, 200, {
        number: Number(m[3]),
        state: pr.state ?? 'open',
        draft: false,
        changed_files: 1,
        head: { sha: pr.head, ref: 'change' },
        base: { sha: pr.base, ref: 'main' },
      });
    }
    if (/\/branches\/[^/]+\/protection$/.test(path))
      return json(res, 404, { message: 'Branch not protected' });
    if (/\/rules\/branches\//.test(path)) return json(res, 200, []);
    if (/\/codeowners\/errors$/.test(path)) return json(res, 200, { errors: [] });
    // Configuration files and anything else: not found (the defaults apply).
    return json(res, 404, { message: 'Not Found' });
  }

  function graphql(body) {
    const variables = body?.variables ?? {};
    // The approvals' facts (docs/approvals.md): no review yet, one commit by `dev`; in their own
    // query, or inside the review's blob query.
    const pullRequest = {
      author: { __typename: 'User', login: 'dev' },
      reviews: { nodes: [] },
      commits: {
        totalCount: 1,
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: [
          {
            commit: {
              oid: 'c'.repeat(40),
              authors: { nodes: [{ name: 'dev', email: 'dev@example.com', user: { login: 'dev' } }] },
              committer: { name: 'GitHub', email: 'noreply@github.com', user: { login: 'web-flow' } },
            },
          },
        ],
      },
    };
    if (/query GitopsGuardApprovals/.test(body?.query ?? ''))
      return { data: { repository: { pullRequest } } };
    const repository = {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const [sha, path] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
      const text =
        path === PATH
          ? DEPLOYMENT(
              `registry.example.com/app:${sha.startsWith('b') ? '1.0' : '1.1'}`,
              !sha.startsWith('b'),
            )
          : undefined;
      repository[`b${name.slice(1)}`] =
        text === undefined ? null : { text, isBinary: false, byteSize: text.length, isTruncated: false };
    }
    if ('number' in variables)
      repository.pr = {
        ...(/reviews\(last:/.test(body.query) ? pullRequest : {}),
        reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
      };
    if ('baseRef' in variables)
      repository.baseRef = { rules: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } };
    return { data: { repository } };
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error) => json(res, 500, { message: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    host: `127.0.0.1:${port}`,
    checkRuns,
    reviews,
    calls,
    /** Webhook deliveries (hook-delivery-item objects), oldest first. */
    deliveries: () => deliveries.map((d) => d.item),
    /** Delivers a webhook as GitHub does (signed, to the app at `port`) and records it for the deliveries API. */
    deliver: (port, secret, name, guid, payload) => send({ port, secret, name, payload }, guid, false),
    /** The pull request GET /pulls/{n} answers (re-runs). */
    setPull(repository, number, head, base) {
      pulls.set(`${repository}#${number}`, { head, base });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
