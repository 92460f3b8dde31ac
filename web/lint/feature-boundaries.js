// The web app's feature boundaries (docs/ARCHITECTURE.md, "The web app"): a file under
// web/src/features/<x>/ imports its own folder, the shared web/src/lib and web/src/components,
// packages, and other features only through their public entry (features/<y>/index.ts); and the
// features' imports form no cycle. Two rules of one small plugin, registered in eslint.config.js.
import fs from 'node:fs';
import path from 'node:path';

const featuresRoot = path.resolve(import.meta.dirname, '../src/features');
const importPattern = /(?:from\s+|import\s*\(\s*)'(\.[^']*)'/g;

function featureOf(file) {
  const relative = path.relative(featuresRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep)[0];
}

function sourcesOf(node) {
  if (node.type === 'ImportExpression') return node.source.type === 'Literal' ? node.source : null;
  return node.source ?? null;
}

function checkEach(context, check) {
  const file = context.filename;
  const own = featureOf(file);
  if (own === null) return {};
  const visit = (node) => {
    const source = sourcesOf(node);
    if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
    const target = path.resolve(path.dirname(file), source.value);
    const other = featureOf(target);
    if (other === null || other === own) return;
    check(node, own, other, target);
  };
  return {
    ImportDeclaration: visit,
    ImportExpression: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
  };
}

/** Which features each feature imports, read from the files on disk (one scan per lint run). */
let graph;
function featureGraph() {
  if (graph) return graph;
  graph = new Map();
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const own = featureOf(full);
        const edges = graph.get(own) ?? new Set();
        graph.set(own, edges);
        for (const match of fs.readFileSync(full, 'utf8').matchAll(importPattern)) {
          const other = featureOf(path.resolve(path.dirname(full), match[1]));
          if (other !== null && other !== own) edges.add(other);
        }
      }
    }
  };
  if (fs.existsSync(featuresRoot)) walk(featuresRoot);
  return graph;
}

/** A path of features from `from` back to `to`, or null. */
function pathBetween(from, to) {
  const seen = new Set();
  const search = (at, trail) => {
    if (at === to) return trail;
    if (seen.has(at)) return null;
    seen.add(at);
    for (const next of featureGraph().get(at) ?? []) {
      const found = search(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return search(from, [from]);
}

export const featureBoundaries = {
  rules: {
    'public-entry': {
      meta: {
        type: 'problem',
        docs: { description: "A feature imports another feature only through that feature's index.ts" },
        schema: [],
      },
      create: (context) =>
        checkEach(context, (node, own, other, target) => {
          if (target === path.join(featuresRoot, other, 'index.ts')) return;
          context.report({
            node,
            message: `features/${own} may import features/${other} only through its public entry (features/${other}/index.ts): export what you need there, or move shared code to web/src/lib or web/src/components.`,
          });
        }),
    },
    'no-cycle': {
      meta: { type: 'problem', docs: { description: 'Features import each other without cycles' }, schema: [] },
      create: (context) =>
        checkEach(context, (node, own, other) => {
          const back = pathBetween(other, own);
          if (!back) return;
          context.report({
            node,
            message: `Import cycle between features: ${[own, ...back].join(' → ')}. Move what both need into a lower feature (as features/conversations is for inbox, contacts and team), or into web/src/lib.`,
          });
        }),
    },
  },
};
