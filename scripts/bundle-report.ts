/**
 * What the built JavaScript is made of. Builds nothing itself: run `npx vite build` first (with
 * `build.sourcemap` on, or attribution is skipped), then `npx tsx scripts/bundle-report.ts`.
 *
 * Prints:
 *  - raw and gzip (zlib level 9) size of every dist/assets/*.js chunk and of all of them together;
 *  - minified bytes per source module group (Svelte runtime parts, each dependency, each of our files),
 *    attributed through the chunks' source maps: every generated segment counts for the source of the
 *    mapping it starts at. Segments whose mapping has no source (and bytes before a line's first mapping)
 *    are mostly code the Svelte compiler emits without mappings: a component's hoisted templates
 *    (`var x=U(\`<div …>\`)`) and the accessors of `$state` class fields. By default they are counted for
 *    the next mapped source when that is a .svelte file and the run holds a template, else for the
 *    previous mapped source ("infer." column); `--strict` counts them all as "[unmapped]";
 *    Next to them: "gz alone" (the group's bytes gzipped by themselves) and "gz marginal" (how much the
 *    whole chunk's gzip shrinks when the group's bytes are cut out: the best guess of what removing it saves);
 *  - gzip size of each dependency bundled alone with esbuild and with Rolldown (minified, every export kept),
 *    of the smallest Svelte app, and of that plus the fixed libraries: the floor our own code adds to.
 *
 * Options: --files (one row per source file instead of per group), --top N (rows shown, default 25),
 * --dirs (our files grouped by folder), --strict (no inference for unmapped bytes),
 * --no-deps (skip the esbuild measurements), --dir DIR (default dist/assets).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { build, type Plugin } from 'esbuild';
import { build as rolldown } from 'rolldown';
import { initialChunks } from './initial-chunks.ts';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const perFile = flag('--files');
const perDir = flag('--dirs');
const strict = flag('--strict');
const top = Number(option('--top', '25'));
const dir = resolve(option('--dir', 'dist/assets'));

const gz = (data: string | Uint8Array): number => gzipSync(data, { level: 9 }).length;
const kb = (n: number): string => (n / 1024).toFixed(2);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** "../../node_modules/svelte/src/internal/client/x.js" → "node_modules/svelte/src/internal/client/x.js". */
function normalize(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) return source.slice(nm);
  return source.replace(/^(?:\.\.?\/)+/, '').replace(/^\/?(?:.*\/)?(?=src\/)/, '');
}

/** Which row a source file is counted in. */
function groupOf(file: string): string {
  if (perFile) return file;
  const svelte = /^node_modules\/svelte\/src\/(.*)$/.exec(file);
  if (svelte) {
    const rest = svelte[1]!;
    if (rest.startsWith('internal/client/reactivity/')) return 'svelte: internal/client/reactivity (signals)';
    if (rest.startsWith('internal/client/dom/')) return 'svelte: internal/client/dom';
    if (rest.startsWith('internal/client/dev/')) return 'svelte: internal/client/dev';
    if (rest.startsWith('internal/client/')) return 'svelte: internal/client (runtime core)';
    if (rest.startsWith('internal/')) return 'svelte: internal/shared, flags, disclose-version';
    if (rest.startsWith('reactivity/')) return 'svelte: reactivity (svelte/reactivity)';
    if (rest.startsWith('legacy/')) return 'svelte: legacy (svelte/legacy)';
    return 'svelte: other (index-client, utils, constants)';
  }
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (dep) return `dep: ${dep[1]}`;
  if (perDir && file.startsWith('src/')) return file.replace(/\/[^/]*$/, '/');
  return file;
}

interface Chunk {
  name: string;
  code: string;
  map: RawSourceMap | null;
}

function readChunks(): Chunk[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run \`npx vite build\` first`);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.js'))
    .sort()
    .map((name) => {
      const mapPath = join(dir, `${name}.map`);
      const code = readFileSync(join(dir, name), 'utf8');
      const map = existsSync(mapPath) ? (JSON.parse(readFileSync(mapPath, 'utf8')) as RawSourceMap) : null;
      return { name, code, map };
    });
}

interface Run {
  group: string;
  text: string;
  /** Bytes without a mapping, attributed by the neighbour rule (see the top of the file). */
  inferred: boolean;
}

/**
 * Splits a chunk's code into runs of one group each, following its source map.
 * Columns in source maps count UTF-16 code units, which is what String#slice uses.
 */
function attribute(chunk: Chunk): Run[] {
  if (!chunk.map) return [{ group: '[no source map]', text: chunk.code, inferred: false }];
  const runs: (Run & { mapped: boolean })[] = [];
  const lines = chunk.code.split('\n');
  const byLine: { column: number; group: string | null }[][] = lines.map(() => []);
  const consumer = new SourceMapConsumer(chunk.map);
  consumer.eachMapping(
    (m) => {
      byLine[m.generatedLine - 1]?.push({
        column: m.generatedColumn,
        group: m.source ? groupOf(normalize(m.source)) : null,
      });
    },
    null,
    SourceMapConsumer.GENERATED_ORDER,
  );
  const push = (group: string | null, text: string): void => {
    if (text) runs.push({ group: group ?? '[unmapped]', text, inferred: false, mapped: group !== null });
  };
  lines.forEach((line, i) => {
    const marks = byLine[i]!.sort((a, b) => a.column - b.column);
    push(null, line.slice(0, marks[0]?.column ?? line.length));
    marks.forEach((mark, j) =>
      push(mark.group, line.slice(mark.column, marks[j + 1]?.column ?? line.length)),
    );
    if (i < lines.length - 1) push(null, '\n');
  });
  if (strict) return runs;
  // Unmapped runs: templates go to the component that follows, everything else to what precedes.
  let previous: string | null = null;
  const next: (string | null)[] = new Array<string | null>(runs.length).fill(null);
  for (let i = runs.length - 1, after: string | null = null; i >= 0; i--) {
    next[i] = after;
    if (runs[i]!.mapped) after = runs[i]!.group;
  }
  runs.forEach((run, i) => {
    if (run.mapped) {
      previous = run.group;
      return;
    }
    if (run.text === '\n') return;
    const following = next[i] ?? null;
    const template = following?.endsWith('.svelte') && run.text.includes('`<');
    // Before anything is mapped: bundler and Vite runtime (CommonJS wrapper, modulepreload polyfill).
    const group = template ? following : previous;
    if (group) {
      run.group = group;
      run.inferred = true;
    }
  });
  return runs;
}

function chunkTable(chunks: Chunk[]): void {
  console.log(`\n== JS chunks (${dir}) ==`);
  const html = join(dir, '..', 'index.html');
  const initial = existsSync(html) ? initialChunks(join(dir, '..')) : new Set(chunks.map((c) => c.name));
  let raw = 0;
  let zipped = 0;
  let initialZipped = 0;
  for (const c of chunks) {
    const r = Buffer.byteLength(c.code);
    const g = gz(c.code);
    raw += r;
    zipped += g;
    if (initial.has(c.name)) initialZipped += g;
    console.log(
      `${pad(c.name, 40)} raw ${lpad(kb(r), 8)} KB   gzip ${lpad(kb(g), 7)} KB   ${initial.has(c.name) ? 'initial' : 'on demand'}${c.map ? '' : '   (no .map)'}`,
    );
  }
  console.log(
    `${pad('TOTAL', 40)} raw ${lpad(kb(raw), 8)} KB   gzip ${lpad(kb(zipped), 7)} KB   (${raw} / ${zipped} bytes)`,
  );
  console.log(
    `${pad('INITIAL (loaded by index.html)', 40)} gzip ${lpad(kb(initialZipped), 7)} KB; on demand ${kb(zipped - initialZipped)} KB`,
  );
  // Vite prints kB (1000 bytes); read the 75 KB budget the strict way, as 75,000 bytes. It is the
  // JavaScript a visit loads before anything is asked for: chunks loaded on demand are not in it.
  const budget = 75_000;
  console.log(
    `${(initialZipped / 1000).toFixed(2)} kB initial gzip: ` +
      (initialZipped <= budget
        ? `within the 75 kB (75,000 bytes) budget by ${((budget - initialZipped) / 1000).toFixed(2)} kB`
        : `OVER the 75 kB (75,000 bytes) budget by ${((initialZipped - budget) / 1000).toFixed(2)} kB`),
  );
}

/** The family a group belongs to: the Svelte runtime, one dependency, our src/, or unmapped. */
function familyOf(group: string): string {
  const g = perFile ? groupOf(group) : group;
  if (g.startsWith('svelte: ')) return 'svelte runtime';
  if (g.startsWith('dep: ')) return g.slice(5);
  if (g.startsWith('[')) return g;
  return 'our src/';
}

interface Row {
  bytes: number;
  inferred: number;
  parts: string[];
  marginal: number;
}

/** Leave-one-out: how much each chunk's gzip shrinks when the runs of a key are cut out. */
function marginals(
  chunkRuns: { chunk: Chunk; runs: Run[] }[],
  keyOf: (r: Run) => string,
  rows: Map<string, Row>,
): void {
  for (const { chunk, runs } of chunkRuns) {
    const whole = gz(chunk.code);
    for (const key of new Set(runs.map(keyOf))) {
      const rest = runs
        .filter((r) => keyOf(r) !== key)
        .map((r) => r.text)
        .join('');
      rows.get(key)!.marginal += whole - gz(rest);
    }
  }
}

function collect(chunkRuns: { chunk: Chunk; runs: Run[] }[], keyOf: (r: Run) => string): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const { runs } of chunkRuns) {
    for (const run of runs) {
      const key = keyOf(run);
      const row = rows.get(key) ?? { bytes: 0, inferred: 0, parts: [], marginal: 0 };
      const n = Buffer.byteLength(run.text);
      row.bytes += n;
      if (run.inferred) row.inferred += n;
      row.parts.push(run.text);
      rows.set(key, row);
    }
  }
  marginals(chunkRuns, keyOf, rows);
  return rows;
}

function printRows(title: string, rows: Map<string, Row>, limit: number, label: string): void {
  const total = [...rows.values()].reduce((s, r) => s + r.bytes, 0);
  const sorted = [...rows.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
  console.log(`\n== ${title} (${Math.min(limit, sorted.length)} of ${sorted.length}) ==`);
  console.log(
    `${pad('#', 3)} ${pad(label, 56)} ${lpad('min KB', 7)} ${lpad('infer.', 6)} ${lpad('%', 5)} ${lpad('gz alone', 8)} ${lpad('gz marg.', 8)}`,
  );
  sorted.slice(0, limit).forEach(([key, row], i) => {
    console.log(
      `${pad(String(i + 1), 3)} ${pad(key, 56)} ${lpad(kb(row.bytes), 7)} ${lpad(row.inferred ? kb(row.inferred) : '', 6)} ${lpad(((100 * row.bytes) / total).toFixed(1), 5)} ${lpad(kb(gz(row.parts.join(''))), 8)} ${lpad(kb(row.marginal), 8)}`,
    );
  });
  const rest = sorted.slice(limit);
  if (rest.length) {
    const bytes = rest.reduce((s, [, r]) => s + r.bytes, 0);
    const marginal = rest.reduce((s, [, r]) => s + r.marginal, 0);
    console.log(
      `    ${pad(`(${rest.length} more)`, 56)} ${lpad(kb(bytes), 7)} ${lpad('', 6)} ${lpad(((100 * bytes) / total).toFixed(1), 5)} ${lpad('', 8)} ${lpad(kb(marginal), 8)}`,
    );
  }
  console.log(`    ${pad('all', 56)} ${lpad(kb(total), 7)}`);
}

function attributionTable(chunks: Chunk[]): void {
  const chunkRuns = chunks.map((chunk) => ({ chunk, runs: attribute(chunk) }));
  printRows(
    `Minified bytes by ${perFile ? 'source file' : 'module group'}`,
    collect(chunkRuns, (r) => r.group),
    top,
    perFile ? 'source file' : 'group',
  );
  printRows(
    'By family',
    collect(chunkRuns, (r) => familyOf(r.group)),
    100,
    'family',
  );
  console.log(
    '\nmin KB: minified bytes (KiB); infer.: of which unmapped bytes given to a neighbour (see --strict);\n' +
      'gz alone: those bytes gzipped by themselves; gz marg.: what the gzipped chunk loses without them.',
  );
}

/** Modules that must never reach the app, and packages bundled from more than one copy or entry. */
function sanityChecks(chunks: Chunk[]): void {
  const sources = new Set<string>();
  for (const c of chunks) for (const src of c.map?.sources ?? []) sources.add(normalize(src));
  const forbidden: [RegExp, string][] = [
    [/^node_modules\/yaml\//, 'yaml (only the importer and the CLI use it)'],
    [/^src\/lib\/episode\/importer\.ts$/, 'the episode importer (CLI only)'],
    [/^src\/lib\/timing\/(?:evaluate|weights)\.ts$/, 'timing evaluation (CLI only)'],
    [/^src\/cli\//, 'the CLI'],
    [/^node:|^(?:fs|path|url|zlib|os|child_process)$|__vite-browser-external/, 'a Node built-in'],
    [/\.(?:css|json)$/, 'CSS or JSON inlined into JS'],
  ];
  console.log('\n== Sanity checks ==');
  let problems = 0;
  for (const src of sources) {
    for (const [pattern, what] of forbidden) {
      if (pattern.test(src)) {
        problems++;
        console.log(`FORBIDDEN in the bundle: ${src}: ${what}`);
      }
    }
  }
  // The same package from two folders (nested node_modules), or two prebuilt bundles of one package
  // (e.g. fuse.mjs and fuse.basic.mjs, howler.js and howler.core.min.js).
  const roots = new Map<string, Set<string>>();
  const builds = new Map<string, Set<string>>();
  for (const src of sources) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\/(.*)$/.exec(src);
    if (!m) continue;
    const pkg = m[2]!;
    roots.set(pkg, (roots.get(pkg) ?? new Set<string>()).add(m[1]!));
    if (/^(?:dist|lib)\/[^/]+\.[cm]?js$/.test(m[3]!))
      builds.set(pkg, (builds.get(pkg) ?? new Set<string>()).add(m[3]!));
  }
  for (const [pkg, set] of roots) {
    if (set.size > 1) {
      problems++;
      console.log(`DUPLICATE ${pkg} from ${set.size} folders: ${[...set].join(', ')}`);
    }
  }
  for (const [pkg, set] of builds) {
    if (set.size > 1) {
      problems++;
      console.log(`DUPLICATE ${pkg}: ${set.size} prebuilt bundles: ${[...set].join(', ')}`);
    }
  }
  if (problems === 0)
    console.log(`ok: ${sources.size} source files, no CLI/Node-only modules, no duplicated packages`);
}

/** A runes component compiled for the client, to measure the smallest Svelte app (mount + one component). */
async function tinyComponent(): Promise<string> {
  const { compile } = await import('svelte/compiler');
  const source = '<script>let n = $state(0);</script><button onclick={() => n++}>{n}</button>';
  return compile(source, { filename: 'Tiny.svelte', generate: 'client', runes: true, discloseVersion: false })
    .js.code;
}

/** Contents of the virtual modules used by the measurements. */
function virtualModule(id: string, tiny: string): string | null {
  if (id === 'virtual:tiny') return tiny;
  if (id !== 'virtual:marked-lexer') return null;
  // marked.esm.js with its top-level `marked` instance (`var v=new ne;` onwards) cut off, exporting only
  // the Lexer: what "lexer + our own renderer" would cost if marked could be tree-shaken. It cannot.
  const code = readFileSync(resolve('node_modules/marked/lib/marked.esm.js'), 'utf8');
  const cut = code.indexOf('var v=new ne;');
  if (cut < 0) throw new Error('marked.esm.js changed shape; the lexer-only cut no longer applies');
  return `${code.slice(0, cut)}export{w as Lexer};`;
}

async function withEsbuild(contents: string, tiny: string): Promise<string> {
  const plugin: Plugin = {
    name: 'virtual',
    setup(b) {
      b.onResolve({ filter: /^virtual:/ }, (a) => ({ path: a.path, namespace: 'virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'virtual' }, (a) => ({
        contents: virtualModule(a.path, tiny) ?? '',
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    plugins: [plugin],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The same with Rolldown, the bundler of Vite 8: it folds Svelte's never-set feature flags, esbuild does not. */
async function withRolldown(contents: string, tiny: string): Promise<string> {
  const result = await rolldown({
    input: 'virtual:entry',
    cwd: process.cwd(),
    write: false,
    logLevel: 'silent',
    platform: 'browser',
    resolve: { conditionNames: ['production', 'browser', 'import', 'default'] },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    plugins: [
      {
        name: 'virtual',
        resolveId: (id) => (id.startsWith('virtual:') ? id : null),
        load: (id) =>
          id === 'virtual:entry' ? contents : id.startsWith('virtual:') ? virtualModule(id, tiny) : null,
      },
    ],
    output: { format: 'esm', minify: true },
  });
  return result.output[0].code;
}

/** Each dependency bundled by itself with esbuild, minified, every export kept (nothing tree-shaken away). */
async function dependencyTable(): Promise<void> {
  const libs = `import DOMPurify from 'dompurify'; import { Marked } from 'marked'; import Fuse from 'fuse.js/basic';
    import { Howl, Howler } from 'howler/dist/howler.core.min.js';`;
  const entries: [string, string][] = [
    ['howler', `export { Howl, Howler } from 'howler';`],
    [
      'howler/dist/howler.core.min.js (what we import)',
      `export { Howl, Howler } from 'howler/dist/howler.core.min.js';`,
    ],
    ['dompurify', `export { default } from 'dompurify';`],
    ['marked (everything)', `export * from 'marked';`],
    ['marked { Marked } (what we import)', `export { Marked } from 'marked';`],
    ['marked { Lexer } only', `export { Lexer } from 'marked';`],
    ['marked Lexer, were marked tree-shakeable', `export { Lexer } from 'virtual:marked-lexer';`],
    ['fuse.js (what we import)', `export { default } from 'fuse.js';`],
    ['fuse.js/basic', `export { default } from 'fuse.js/basic';`],
    [
      'svelte runtime (svelte + internal/client, all)',
      `export * from 'svelte'; export * from 'svelte/internal/client';`,
    ],
    [
      'svelte floor: mount + one runes component',
      `import { mount } from 'svelte'; import C from 'virtual:tiny'; mount(C, { target: document.body });`,
    ],
    [
      'floor: svelte floor + the fixed libraries',
      `${libs} import { mount } from 'svelte'; import C from 'virtual:tiny'; mount(C, { target: document.body });
       export const x = [DOMPurify.sanitize(new Marked({ gfm: true }).parse('*a*')), new Fuse(['a']), Howl, Howler];`,
    ],
    ['yaml (must NOT be in the app)', `export * from 'yaml';`],
  ];
  const tiny = await tinyComponent();
  console.log('\n== Dependencies bundled alone (minified, esm, browser, production; every export kept) ==');
  console.log(
    `${pad('', 50)} ${lpad('esbuild raw', 12)} ${lpad('gzip', 7)}   ${lpad('rolldown raw', 12)} ${lpad('gzip', 7)}  (KB)`,
  );
  for (const [label, contents] of entries) {
    const cells: string[] = [];
    for (const bundle of [withEsbuild, withRolldown]) {
      try {
        const text = await bundle(contents, tiny);
        cells.push(`${lpad(kb(Buffer.byteLength(text)), 12)} ${lpad(kb(gz(text)), 7)}`);
      } catch (error) {
        cells.push(pad(`failed: ${(error as Error).message.split('\n')[0]!.slice(0, 40)}`, 20));
      }
    }
    console.log(`${pad(label, 50)} ${cells.join('   ')}`);
  }
}

const chunks = readChunks();
if (chunks.length === 0) throw new Error(`no .js files in ${dir}: run \`npx vite build\` first`);
chunkTable(chunks);
if (chunks.some((c) => c.map)) {
  attributionTable(chunks);
  sanityChecks(chunks);
} else
  console.log('\n(no source maps: set build.sourcemap to true, or pass `--sourcemap`, for the attribution)');
if (!flag('--no-deps')) await dependencyTable();
