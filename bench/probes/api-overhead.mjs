// API GET overhead against the loopback server at argv[2]: raw fetch (the floor), ky used directly as the
// package's HTTP layer sets it up, and ours (client.get with a bare token): first one call at a time, then
// from a pool of 50 workers.
import ky from 'ky';
import { createClient } from 'oauth-registry';

const [base, callsArg = '10000', roundsArg = '5', poolArg = '50'] = process.argv.slice(2);
const CALLS = Number(callsArg);
const ROUNDS = Number(roundsArg);
const POOL = Number(poolArg);
const url = new URL('user', base).href;
const TOKEN = 'string-token';

// The headers ours sends for this provider (the manifest's api.headers plus the bearer token).
const headers = () => ({
  'User-Agent': 'oauth-registry',
  Accept: 'application/vnd.github+json',
  'X-GitHub-Api-Version': '2022-11-28',
  Authorization: `Bearer ${TOKEN}`,
});
// What src/http/request.ts gives ky.create: no ky timeout (a per-call signal is the deadline), manual
// redirects, and its retry policy.
const kyClient = ky.create({
  timeout: false,
  redirect: 'manual',
  retry: { limit: 2, methods: ['get', 'put', 'head', 'delete', 'options'], statusCodes: [408, 429, 500, 502, 503, 504], afterStatusCodes: [413, 429, 503], backoffLimit: 5_000 },
});
const ours = createClient('github', { clientId: 'bench-client', clientSecret: 'bench-secret', endpoints: { api: base } });

const callers = {
  fetch: async () => {
    const response = await fetch(url, { method: 'GET', headers: headers(), redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    return JSON.parse(await response.text());
  },
  ky: () => kyClient(url, { method: 'GET', headers: headers(), signal: AbortSignal.timeout(10_000) }).json(),
  ours: async () => (await ours.get('user', { token: TOKEN })).data,
};
const names = Object.keys(callers);

async function sequential(call, calls) {
  for (let i = 0; i < calls; i++) check(await call());
}

async function pooled(call, calls) {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      check(await call());
    }
  };
  await Promise.all(Array.from({ length: POOL }, worker));
}

function check(data) {
  if (data?.login !== 'octocat') throw new Error(`unexpected answer: ${JSON.stringify(data)}`);
}

// A round is CALLS calls per caller, made in blocks of BLOCK that take turns (the order rotating block by
// block), so a busy moment on the machine falls on all three callers alike instead of on one. Each block
// records wall time and this process's CPU time (user + system), which other processes disturb less.
const BLOCK = 250;
const modes = { sequential, pooled };
const result = {};
for (const [mode, run] of Object.entries(modes)) {
  for (const name of names) await run(callers[name], Math.min(CALLS, 2_000)); // warm-up: JIT, sockets, lazy imports
  result[mode] = Object.fromEntries(names.map((name) => [name, { wallMs: [], cpuMs: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const totals = Object.fromEntries(names.map((name) => [name, { wallMs: 0, cpuMs: 0 }]));
    for (let block = 0; block * BLOCK < CALLS; block++) {
      const calls = Math.min(BLOCK, CALLS - block * BLOCK);
      for (const name of [...names.slice(block % names.length), ...names.slice(0, block % names.length)]) {
        const wall = performance.now();
        const cpu = process.cpuUsage();
        await run(callers[name], calls);
        const used = process.cpuUsage(cpu);
        totals[name].wallMs += performance.now() - wall;
        totals[name].cpuMs += (used.user + used.system) / 1000;
      }
    }
    for (const name of names) {
      result[mode][name].wallMs.push(totals[name].wallMs);
      result[mode][name].cpuMs.push(totals[name].cpuMs);
    }
  }
}
console.log(JSON.stringify(result));
