'use strict';
// The bundle's `unzipper` (scripts/bundle.mjs aliases it here): exceljs's streaming reader and
// src/ingest/xlsx-zip.ts use only Parse. unzipper's index also loads Open, Extract and their
// dependencies (fstream, graceful-fs, glob …) and three polyfills for Node 0.8.
exports.Parse = require('../../node_modules/unzipper/lib/parse.js');
