// The import graph, read from the imports themselves: the domain and its ports depend on nothing
// of the infrastructure, the HTTP layer or the handlers; no module imports itself round a cycle;
// only the one loader reads the process environment.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const PRODUCT = ['shared', 'functions', 'infra', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const modules = PRODUCT.flatMap((d) => files(join(root, d))).map((f) => relative(root, f));

/** `#shared/x` → shared/x.ts, `./y` → sibling; bare packages are not ours. */
function resolveImport(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('#')) base = spec.slice(1);
  else if (spec.startsWith('.')) base = relative(root, resolve(root, dirname(from), spec));
  else return undefined;
  for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

const graph = new Map<string, string[]>(
  modules.map((m) => {
    const info = ts.preProcessFile(readFileSync(join(root, m), 'utf8'), true, true);
    const deps = info.importedFiles.map((i) => resolveImport(m, i.fileName)).filter((d): d is string => d !== undefined);
    return [m, [...new Set(deps)]];
  }),
);

/** Strongly connected components of more than one module (Tarjan). */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const m of graph.keys()) if (!idx.has(m)) visit(m);
  return out;
}

describe('import graph', () => {
  it('reads every product module', () => {
    expect(modules.length).toBeGreaterThan(100);
  });

  it('has no arrow from the domain or the ports to infra/, shared/http/ or functions/', () => {
    const inner = [...graph].filter(([m]) => m.startsWith('shared/domain/') || m.startsWith('shared/ports/'));
    expect(inner.length).toBeGreaterThan(40);
    const arrows = inner.flatMap(([m, deps]) => deps.filter((d) => /^(infra\/|shared\/http\/|functions\/)/.test(d)).map((d) => `${m} → ${d}`));
    expect(arrows).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('reads the process environment in one file only', () => {
    const readers = modules.filter((m) => /process\.env\b/.test(readFileSync(join(root, m), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(readers).toEqual(['shared/config/environment.ts']);
  });
});
