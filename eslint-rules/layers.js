import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Layering by direction, as VS Code's code-layering rule does it: every source file belongs to a
 * layer, and an import (static, dynamic, require, re-export) may only reach the layers listed for
 * its own. Relative imports are resolved against the importing file, so '../../services/session'
 * from the engine is caught however many '..' it takes. Packages are checked the same way:
 * electron only in the shell and the preload, react only in the renderer.
 */

const ROOT = resolve(import.meta.dirname, '..');

/** Layers, most specific path first. */
const LAYERS = [
  ['src/shared', 'shared'],
  ['src/main/engine', 'engine'],
  ['src/main/usecases', 'usecases'],
  ['src/main/worker', 'worker'],
  ['src/main/services', 'services'],
  ['src/main/server', 'server'],
  ['src/main/cli', 'cli'],
  ['src/main/electron', 'shell'],
  ['src/main/index', 'shell'],
  ['src/preload', 'preload'],
  ['src/renderer', 'renderer'],
  ['bench', 'bench'],
];

/** What each layer may import; a layer may always import itself. */
export const ALLOWED = {
  shared: [],
  engine: ['shared'],
  usecases: ['shared', 'engine'],
  worker: ['shared', 'engine'],
  services: ['shared', 'engine', 'usecases'],
  server: ['shared', 'engine', 'usecases', 'services'],
  cli: ['shared', 'engine', 'usecases', 'services', 'server', 'worker'],
  shell: ['shared', 'engine', 'usecases', 'services'],
  preload: ['shared'],
  renderer: ['shared'],
  bench: ['shared', 'engine', 'usecases', 'worker'],
};

/**
 * Layers another may reach for types only (`import type`, `export type … from`, `typeof import()`):
 * the app's services and the browser server wire no engine code themselves; every service method
 * runs through the use cases (src/main/usecases), which are the one place that calls the engine.
 * Its types (Db, JobProgress) are still theirs to name, and its constants come through the shared
 * contract or a use case.
 */
export const TYPE_ONLY = {
  services: ['engine'],
  server: ['engine'],
};

/**
 * Product and lab apart: the lab (training, dataset synthesis, baselines, evaluation, and the use
 * cases that run them) is imported by nothing on the product side, so the app's suggest path
 * carries no training code. The product side is all of src/main except the lab itself and the CLI,
 * the one front door to both; the lab may import the product (the model it trains). Entries are
 * path prefixes: a folder, or a file name without its extension (synthAffect covers
 * synthAffectPlan).
 */
const LAB = [
  'src/main/engine/training/',
  'src/main/engine/model/baselines/',
  'src/main/engine/model/trainer',
  'src/main/engine/model/training',
  'src/main/engine/model/dccaTrainer',
  'src/main/engine/model/afclnetLoss',
  // XGBoost fitting; the product evaluates the fitted trees itself (gbdt/treeEnsemble, gbdt/affectPredictor).
  'src/main/engine/model/gbdt/gbdt',
  'src/main/engine/model/gbdt/affectTrainer',
  'src/main/engine/model/gbdt/libxgboostEngine',
  'src/main/engine/model/gbdt/mlXgboostEngine',
  'src/main/engine/data/synthAffect',
  'src/main/usecases/lab/',
];
const PRODUCT_EXEMPT = ['src/main/cli/'];

/** The one folder that may use SQLite (type-only imports aside): all SQL lives there. */
const SQLITE_HOME = 'src/main/engine/db/';

/** Packages that belong to one process: the layers that may import them. */
const PACKAGES = {
  electron: ['shell', 'preload'],
  react: ['renderer'],
  'react-dom': ['renderer'],
};

function layerOf(file) {
  // Imports name modules without their extension: src/main/index is src/main/index.ts.
  const rel = relative(ROOT, file).split(sep).join('/').replace(/\.(ts|tsx|js)$/, '');
  for (const [prefix, layer] of LAYERS) if (rel === prefix || rel.startsWith(prefix + '/')) return layer;
  return undefined;
}

const repoPath = (file) => relative(ROOT, file).split(sep).join('/');
const isLab = (file) => LAB.some((prefix) => repoPath(file).startsWith(prefix) || `${repoPath(file)}/` === prefix);
const onProductSide = (file) => repoPath(file).startsWith('src/main/') && !isLab(file) && !PRODUCT_EXEMPT.some((prefix) => repoPath(file).startsWith(prefix));

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer direction (shared ← engine ← usecases ← services ← server/cli/shell), services and server take only types from the engine, and the product imports no lab code' },
    schema: [],
    messages: {
      layer: 'Bad layering: {{from}} may not import {{to}} ({{spec}}); {{from}} may import {{allowed}}.',
      typeOnly: 'Bad layering: {{from}} may import only types from {{to}} ({{spec}}); call a use case (src/main/usecases) for what it does.',
      package: 'Bad layering: {{from}} may not import {{spec}} (only {{owners}}).',
      sqlite: 'All SQL lives in src/main/engine/db: nothing else imports {{spec}}.',
      lab: 'Product and lab apart: product code may not import the lab ({{spec}}): training, datasets, baselines and evaluation stay out of the app.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (!from) return {};
    const inSqliteHome = repoPath(file).startsWith(SQLITE_HOME);
    const product = onProductSide(file);
    const check = (node, spec, typeOnly = false) => {
      if (typeof spec !== 'string') return;
      if (packageName(spec) === 'better-sqlite3' && !typeOnly && !inSqliteHome) context.report({ node, messageId: 'sqlite', data: { spec } });
      const clean = spec.split('?')[0];
      if (clean.startsWith('.')) {
        const target = resolve(dirname(file), clean);
        if (product && isLab(target)) context.report({ node, messageId: 'lab', data: { spec } });
        const to = layerOf(target);
        if (to && to !== from && !ALLOWED[from].includes(to)) {
          context.report({ node, messageId: 'layer', data: { from, to, spec, allowed: ALLOWED[from].join(', ') || 'nothing else' } });
        } else if (to && !typeOnly && TYPE_ONLY[from]?.includes(to)) {
          context.report({ node, messageId: 'typeOnly', data: { from, to, spec } });
        }
        return;
      }
      const owners = PACKAGES[packageName(clean)];
      if (owners && !owners.includes(from)) context.report({ node, messageId: 'package', data: { from, spec, owners: owners.join(', ') } });
    };
    const literal = (n) => (n && n.type === 'Literal' ? n.value : n && n.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined);
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'))),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.argument?.literal ?? node.argument), true),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literal(node.arguments[0]));
      },
    };
  },
};
