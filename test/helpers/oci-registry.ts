import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OCI registry on 127.0.0.1 for tests: enough of the distribution API for `helm push`
 * (blob uploads, manifests by tag) and for pulls (/v2/, tags list, manifests by tag or digest,
 * blobs). `private` answers every request 401 with a Bearer challenge whose token service
 * refuses anonymous requests; `anonymousToken` makes the token service give one (as ghcr.io
 * does for public images); `redirectBlobs` serves blobs through a 307 to another path;
 * `tagsPerPage` pages the tags list (Link header).
 */
export async function startOciRegistry(
  options: {
    private?: boolean;
    anonymousToken?: boolean;
    redirectBlobs?: boolean;
    tagsPerPage?: number;
  } = {},
) {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; type: string }>();
  const tags = new Map<string, Set<string>>();
  const uploads = new Map<string, Buffer[]>();
  const requests: string[] = [];
  const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((done) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => done(Buffer.concat(chunks)));
    });
  const server = createServer((req, res) => void handle(req, res));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    requests.push(`${req.method} ${url.pathname}`);
    const data = await body(req);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url.pathname === '/token') {
      if (options.anonymousToken) return res.end(JSON.stringify({ token: 'anonymous-pull' }));
      return res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    }
    if (options.private || (options.anonymousToken && req.headers.authorization !== 'Bearer anonymous-pull'))
      return res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="${origin}/token",service="test-registry",scope="repository:charts:pull"`,
        })
        .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    if (url.pathname === '/v2/' || url.pathname === '/v2')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const storage = /^\/storage\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (storage) {
      const blob = blobs.get(storage[1]!);
      return blob ? res.end(blob) : res.writeHead(404).end();
    }
    const m = /^\/v2\/(.+?)\/(blobs\/uploads\/?(.*)|blobs\/([^/]+)|manifests\/([^/]+)|tags\/list)$/.exec(
      url.pathname,
    );
    if (!m) return res.writeHead(404).end();
    const name = m[1]!;
    if (m[2]!.startsWith('blobs/uploads')) {
      const id = m[3] || randomUUID();
      if (!uploads.has(id)) uploads.set(id, []);
      uploads.get(id)!.push(data);
      const digest = url.searchParams.get('digest');
      if (req.method === 'PUT' || (req.method === 'POST' && digest)) {
        const blob = Buffer.concat(uploads.get(id)!);
        uploads.delete(id);
        if (digestOf(blob) !== digest) return res.writeHead(400).end();
        blobs.set(digest, blob);
        return res.writeHead(201, { location: `/v2/${name}/blobs/${digest}` }).end();
      }
      return res
        .writeHead(202, {
          location: `/v2/${name}/blobs/uploads/${id}`,
          range: '0-0',
          'docker-upload-uuid': id,
        })
        .end();
    }
    if (m[4]) {
      const blob = blobs.get(m[4]);
      if (!blob) return res.writeHead(404).end();
      if (options.redirectBlobs && req.method === 'GET')
        return res.writeHead(307, { location: `/storage/${m[4]}` }).end();
      res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': m[4] });
      return req.method === 'HEAD' ? res.end() : res.end(blob);
    }
    if (m[5]) {
      const key = `${name}@${m[5]}`;
      if (req.method === 'PUT') {
        const digest = digestOf(data);
        const type = String(req.headers['content-type'] ?? 'application/vnd.oci.image.manifest.v1+json');
        manifests.set(`${name}@${digest}`, { body: data, type });
        manifests.set(key, { body: data, type });
        if (!m[5].startsWith('sha256:')) {
          if (!tags.has(name)) tags.set(name, new Set());
          tags.get(name)!.add(m[5]);
        }
        return res
          .writeHead(201, { 'docker-content-digest': digest, location: `/v2/${name}/manifests/${digest}` })
          .end();
      }
      const manifest = manifests.get(key);
      if (!manifest) return res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': manifest.type,
        'content-length': manifest.body.length,
        'docker-content-digest': digestOf(manifest.body),
      });
      return req.method === 'HEAD' ? res.end() : res.end(manifest.body);
    }
    // Pagination as the distribution spec has it: `n` and `last`, and a Link header to the next page.
    const all = [...(tags.get(name) ?? [])].sort();
    const n = Number(url.searchParams.get('n') ?? options.tagsPerPage ?? all.length);
    const last = url.searchParams.get('last');
    const from = last ? all.indexOf(last) + 1 : 0;
    const page = all.slice(from, from + n);
    const more = from + n < all.length;
    return res
      .writeHead(200, {
        'content-type': 'application/json',
        ...(more ? { link: `</v2/${name}/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"` } : {}),
      })
      .end(JSON.stringify({ name, tags: page }));
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    manifests,
    /** Stores a chart archive as Helm's OCI artifact (what `helm push` stores), under `name:tag`. */
    putChart(name: string, tag: string, archive: Buffer, chartJson: object) {
      const config = Buffer.from(JSON.stringify(chartJson));
      blobs.set(digestOf(config), config);
      blobs.set(digestOf(archive), archive);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.cncf.helm.config.v1+json',
            digest: digestOf(config),
            size: config.length,
          },
          layers: [
            {
              mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
              digest: digestOf(archive),
              size: archive.length,
            },
          ],
        }),
      );
      const type = 'application/vnd.oci.image.manifest.v1+json';
      manifests.set(`${name}@${tag}`, { body: manifest, type });
      manifests.set(`${name}@${digestOf(manifest)}`, { body: manifest, type });
      if (!tags.has(name)) tags.set(name, new Set());
      tags.get(name)!.add(tag);
      return digestOf(manifest);
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
