#!/usr/bin/env node
import { cliMain } from './cli/main.js';

void cliMain(process.argv.slice(2));
