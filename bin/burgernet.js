#!/usr/bin/env node
// `npx burgernet`: runs the TypeScript CLI (cli/) through tsx, this repository's own loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/burgernet.ts');
process.exitCode = await main(process.argv.slice(2));
