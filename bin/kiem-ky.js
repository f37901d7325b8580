#!/usr/bin/env node
// The operator command line. The CLI is TypeScript run through tsx, so operators need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// Exit explicitly once a command is done: a database driver's leftover promise (PGlite's WASM after
// an early close) must not keep an operator's shell waiting. `serve` never resolves, so it keeps running.
process.exit(await main(process.argv.slice(2)));
