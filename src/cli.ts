#!/usr/bin/env node
import { cliMain } from './cli/main.js';
import { applyLoadV8Flags } from './engine/gc-flags.js';

// The load's V8 flags (gc-flags.ts) before any command runs one.
applyLoadV8Flags();
void cliMain(process.argv.slice(2));
