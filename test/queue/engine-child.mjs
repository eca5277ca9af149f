// A worker process for the kill tests: takes jobs from the engine named in argv, records each
// one as started, prints `started <id>` and then hangs until it is killed.
const [, , distDir, engine, target, name] = process.argv;
const { createBullQueue } = await import(`${distDir}/queue/bullmq-queue.js`);
const { createSqliteQueue } = await import(`${distDir}/queue/sqlite-queue.js`);
const queue =
  engine === 'bullmq'
    ? await createBullQueue({ url: target, name, lockMs: 1000, stalledIntervalMs: 500 })
    : createSqliteQueue({ path: target, lockMs: 1000, pollMs: 20 });
queue.work(
  async (job) => {
    await queue.markStarted(job);
    console.log(`started ${job.id}`);
    await new Promise(() => {});
  },
  { concurrency: 1 },
);
