#!/usr/bin/env node
import('../dist/bundle/cli.js').then((m) => m.main(process.argv));
