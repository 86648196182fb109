import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'fluent-ffmpeg', 'koffi', 'music-metadata', '@ffmpeg-installer/*', '@ffprobe-installer/*', '@tensorflow/tfjs-node*'];

/**
 * Layering, enforced: imports go one way (shared ← engine ← usecases ← services ← server/cli/shell;
 * eslint-rules/layers.js), the services and the browser server take only types from the engine (the
 * rest through the use cases), src/shared is pure (no node, electron or DOM), the renderer reaches the
 * engine only through the contract in src/shared, and all SQL lives in src/main/engine/db.
 * test/unit/architecture/layering.test.ts holds a probe that breaks each rule.
 */

/** SQL outside engine/db: statements prepared or run on a database handle (db, this.db, session.db …). */
const DB_HANDLE = '/^(db|raw|database|connection)$|Db$/';
const SQL_OUTSIDE_DB = [
  { selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]', message: 'All SQL lives in src/main/engine/db.' },
  { selector: `CallExpression[callee.property.name='exec'][callee.object.name=${DB_HANDLE}]`, message: 'All SQL lives in src/main/engine/db.' },
  { selector: `CallExpression[callee.property.name='exec'][callee.object.property.name=${DB_HANDLE}]`, message: 'All SQL lives in src/main/engine/db.' },
];
export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench-results/**', 'demo-output/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom'], patterns: [{ group: [...nodeBuiltins, ...nodeOnlyPackages, '**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared is pure TypeScript: no node, electron, DOM or process-specific imports.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.ts'],
    plugins: { cuefinder: { rules: { layers } } },
    rules: { 'cuefinder/layers': 'error' },
  },
  {
    files: ['src/main/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/main/engine/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_DB] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: [{ group: [...nodeBuiltins, ...nodeOnlyPackages, '**/main/**', '**/preload/**'], message: 'The renderer is a thin view: it talks to the engine only through the contract in src/shared.' }] }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer'],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeBuiltins.filter((m) => m !== 'events'), ...nodeOnlyPackages, '**/main/**', '**/renderer/**'], message: 'The preload exposes the contract and nothing else.' }] }],
    },
  },
);
