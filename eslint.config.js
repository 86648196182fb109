import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'fluent-ffmpeg', 'koffi', 'music-metadata', '@ffmpeg-installer/*', '@ffprobe-installer/*', '@tensorflow/tfjs-node*'];

/**
 * Layering, enforced: src/shared is pure (no node, electron or DOM); nothing under src/main/engine
 * imports electron; the renderer reaches the engine only through the contract in src/shared.
 */
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
    files: ['src/main/engine/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/worker/**/*.ts', 'src/main/server/**/*.ts', 'src/main/services/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only the Electron shell (src/main/index.ts) may import electron.' }], patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'The engine does not depend on UI code.' }] }],
    },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    ignores: ['src/main/engine/db/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='prepare'][arguments.0.type=/Literal|TemplateLiteral/]", message: 'All SQL lives in src/main/engine/db.' }],
    },
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
