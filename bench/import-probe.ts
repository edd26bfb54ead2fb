// Run in a fresh process by bench/run.ts: imports one module specifier and prints how long the import took.
const specifier = process.argv[2];
if (!specifier) throw new Error('usage: import-probe.ts SPECIFIER');
const started = performance.now();
await import(specifier.startsWith('./') ? new URL(`../${specifier.slice(2)}`, import.meta.url).href : specifier);
console.log(JSON.stringify({ importMs: performance.now() - started }));
