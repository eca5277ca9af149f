/** The environment variable that lets a development run accept Probot's default webhook secret. */
const DEVELOPMENT_FLAG = 'GITOPS_GUARD_DEVELOPMENT';

/**
 * Why the app must not start with this environment, or undefined when it may. Without
 * `WEBHOOK_SECRET` Probot verifies webhooks with its default secret `development`, so anyone who
 * can reach the server could post a forged pull-request event: refuse, unless Probot's setup
 * flow is running (no app credentials yet; it writes the secret) or a development run says so
 * explicitly (`GITOPS_GUARD_DEVELOPMENT=1`, never with `NODE_ENV=production`).
 */
export function webhookSecretProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.WEBHOOK_SECRET?.trim()) return undefined;
  const production = env.NODE_ENV === 'production';
  const setupFlow = !env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
  if (!production && (setupFlow || env[DEVELOPMENT_FLAG] === '1')) return undefined;
  return production
    ? 'WEBHOOK_SECRET is not set: refusing to start in production (NODE_ENV=production), because webhooks would be verified with the public default secret.'
    : `WEBHOOK_SECRET is not set: refusing to start, because webhooks would be verified with the public default secret. Set WEBHOOK_SECRET, or ${DEVELOPMENT_FLAG}=1 for a local development run.`;
}
