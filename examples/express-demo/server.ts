// `npm run demo`: the Express demo on http://127.0.0.1:$PORT (default 3000). See "The demo app" in README.md.
import { startDemo } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}

const demo = await startDemo({ port, consent: process.env.EMULATOR_CONSENT === 'page' ? 'page' : 'auto' });
console.log(`oauth-registry demo: ${demo.origin}`);
const real = demo.providers.filter((provider) => provider.mode === 'real');
console.log(`  ${demo.providers.length} providers: ${real.length ? `${real.map((provider) => provider.id).join(', ')} real, ` : ''}the others on local emulators`);
for (const provider of real) console.log(`  ${provider.name.padEnd(12)} redirect URI ${demo.origin}/auth/${provider.id}/callback`);
console.log(`  users, tokens and transactions in ${demo.storage === 'redis' ? 'Redis (REDIS_URL)' : 'memory'}`);
if (demo.ephemeralSessions) console.log('  SESSION_SECRET is not set: a random one is used, so sign-ins end when the demo stops');

// Ctrl-C / SIGTERM: close the server, the emulators and the Redis connection, then exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
