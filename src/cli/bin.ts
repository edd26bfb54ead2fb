#!/usr/bin/env node
// The installed `oauth-registry` executable (package.json "bin" points at its compiled form in dist/).
import { runCli } from './index.ts';

await runCli(process.argv.slice(2));
