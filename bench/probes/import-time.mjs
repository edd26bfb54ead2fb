// Imports the module named by argv[2] in this fresh process and prints how long the import took.
const specifier = process.argv[2];
if (!specifier) throw new Error('usage: node import-time.mjs SPECIFIER');
const started = performance.now();
await import(specifier);
console.log(JSON.stringify({ importMs: performance.now() - started }));
