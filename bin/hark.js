#!/usr/bin/env node
// The `hark` command: runs the TypeScript CLI through tsx, so `npx hark` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
