#!/usr/bin/env node
// The installed `reading-room` command. The sources are TypeScript, run
// through tsx's loader so that no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
