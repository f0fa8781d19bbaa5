'use strict';
// Shared jest settings. Each package's jest.config.cjs spreads this in, so every package
// tests the same way: TypeScript through ts-jest, @batch/* resolved to the sibling package's
// src (no build needed), unit (*.test.ts) and emulator-backed (*.int.test.ts) tests together.
const path = require('node:path');

const packagesDir = path.join(__dirname, 'packages');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@batch/([^/]+)$': `${packagesDir}/$1/src/index.ts`,
    // Sources import siblings as './x.js' (NodeNext); jest sees the .ts file.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // Type errors are the typecheck task's job; here we only transpile, per file, fast.
        tsconfig: path.join(__dirname, 'tsconfig.jest.json'),
      },
    ],
  },
  // Two cores on CI, and turbo runs two packages' tasks side by side (--concurrency=2).
  maxWorkers: 2,
  // Emulator-backed tests do real I/O on a shared 2-core machine: allow slow, never hang.
  testTimeout: 30_000,
  setupFiles: [path.join(__dirname, 'scripts', 'jestSetup.cjs')],
};
