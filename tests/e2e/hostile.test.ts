// Hostile episodes in Chromium: classic XSS payloads in every text field of an episode, and in an episode page
// run through the importer, must stay text. Every payload, if it ran, would set `window.__xss`, log `XSS-<id>`
// and open an alert; any of those, an event-handler attribute, an unsafe URL or an active element (iframe,
// object, form…) reaching the page fails the test, naming the payload and where it sits in the fixtures.
// The built app ships a Content-Security-Policy that would block most inline script anyway, so every check
// runs twice: with the app as built (where a CSP report about an element on the page is a failure too) and
// with the CSP taken out, so that the sanitizing itself is what is tested.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/lib/episode/catalog.ts';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import type { Episode, Result } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { launchBrowser, startStaticServer, type RouteHandler, type StaticServer } from './harness.ts';

const episodeText = readFileSync('tests/fixtures/hostile/episode.json', 'utf8');
const pageText = readFileSync('tests/fixtures/hostile/page.md', 'utf8');

function valueOf<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error}`);
  return result.value;
}

const hostile = valueOf(parseEpisodeJson(episodeText), 'tests/fixtures/hostile/episode.json');
/** The episode page, imported here on the node side, served under a slug of its own. */
const imported: Episode = {
  ...valueOf(importEpisodePage(pageText, { fileName: 'page.md' }), 'tests/fixtures/hostile/page.md'),
  slug: 'hostile-page',
};
const kelsey = valueOf(parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8')), 'kelsey');

/** The payload the fixtures use, for payloads made up in this file (URL parameters). */
const js = (id: string): string =>
  `window.__xss=/${id}/.source;console.log(/XSS-${id}/.source);alert(/${id}/.source)`;

/** Tags the markdown renderer may produce (src/lib/markdown/render.ts), plus the search's <mark>. */
const CONTENT_TAGS = [
  'a',
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'del',
  's',
  'sup',
  'sub',
  'mark',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

// ---------------------------------------------------------------------------------------------------------
// Where a payload comes from

function jsonPaths(value: unknown, needle: string, path: string): string[] {
  if (typeof value === 'string') return value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonPaths(v, needle, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => jsonPaths(v, needle, path ? `${path}.${k}` : k));
  }
  return [];
}

function around(text: string, needle: string): string {
  const at = text.indexOf(needle);
  return JSON.stringify(text.slice(Math.max(0, at - 90), at + needle.length + 40));
}

/** "payload <id>: episode.json turns[3].paragraphs[1] "…the text around it…"", for a failure message. */
function whereIs(id: string): string {
  const needle = `/${id}/.source`;
  const raw: unknown = JSON.parse(episodeText);
  const places = [
    ...jsonPaths(raw, needle, '').map((p) => {
      const value = p
        .split(/\.|\[|\]/)
        .reduce<unknown>((v, k) => (k === '' ? v : (v as Record<string, unknown>)[k]), raw);
      return `episode.json ${p} ${around(String(value), needle)}`;
    }),
    ...pageText
      .split('\n')
      .flatMap((line, i) => (line.includes(needle) ? [`page.md line ${i + 1} ${around(line, needle)}`] : [])),
  ];
  return `payload ${id}: ${places.length ? places.join('; ') : 'made up by this test (not in the fixtures)'}`;
}

/** Payload ids mentioned in a piece of evidence (a console line, a CSP sample, a URL). */
function idsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/XSS-([\w-]+)|__xss=\/([\w-]+)\//g)) ids.add((m[1] ?? m[2])!);
  return [...ids];
}

/** The evidence and, for each payload id in it (or given: an alert's message is the id), where it is from. */
function explain(text: string, given: string[] = []): string {
  const ids = [...new Set([...given, ...idsIn(text)])];
  return ids.length ? `${text} ← ${ids.map(whereIs).join(' | ')}` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Watching a page for script that runs

interface Watch {
  /** What was seen, with the stages it was seen at. */
  evidence: Map<string, string[]>;
  stage: string;
}

function add(watch: Watch, what: string): void {
  const stages = watch.evidence.get(what) ?? [];
  if (!stages.includes(watch.stage)) stages.push(watch.stage);
  watch.evidence.set(what, stages);
}

function report(watch: Watch): string[] {
  return [...watch.evidence].map(([what, stages]) => `${what} [seen: ${stages.join(', ')}]`);
}

/** Requests the app itself makes; anything else was asked for by an element that came from the episode. */
function expectedRequest(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  if (!url.startsWith(origin)) return false;
  const path = new URL(url).pathname;
  return (
    path === '/' ||
    path === '/index.html' ||
    path.startsWith('/assets/') ||
    path === '/icon.svg' ||
    path === '/manifest.webmanifest' ||
    /^\/episodes\/[\w-]+\.json$/.test(path)
  );
}

function watchPage(page: Page, origin: string): Watch {
  const watch: Watch = { evidence: new Map(), stage: 'load' };
  page.on('dialog', (dialog) => {
    const message = dialog.message();
    add(watch, explain(`${dialog.type()} dialog opened with message ${JSON.stringify(message)}`, [message]));
    void dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (message.text().includes('XSS-')) add(watch, explain(`console.${message.type()}: ${message.text()}`));
  });
  page.on('pageerror', (error) => add(watch, explain(`uncaught exception: ${error.message}`)));
  page.on('popup', (popup) => add(watch, `a popup opened: ${popup.url()}`));
  page.on('framenavigated', (frame) => {
    const url = frame.url();
    if (frame === page.mainFrame() ? !url.startsWith(origin) : url !== 'about:blank') {
      add(
        watch,
        explain(`${frame === page.mainFrame() ? 'page' : 'a frame'} navigated to ${url.slice(0, 200)}`),
      );
    }
  });
  page.on('request', (request) => {
    if (!expectedRequest(request.url(), origin)) {
      add(
        watch,
        `an element from the episode requested ${request.url().slice(0, 200)} (${request.resourceType()})`,
      );
    }
  });
  return watch;
}

/**
 * Runs in every frame before the app: keeps the CSP violation reports for elements on the page. Reports that
 * target the document are left out: Chromium reports the inline handlers and styles DOMPurify meets while it
 * parses episode HTML in its inert DOMParser document (nothing runs there), and those would drown the rest.
 */
function recordCspViolations(): void {
  const list: string[] = [];
  (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const target = e.target;
      if (!(target instanceof Element) || !target.isConnected) return;
      list.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} on ${target.outerHTML.slice(0, 300)}`,
      );
    },
    true,
  );
}

/**
 * Runs in the page: every element that has an event-handler attribute, an unsafe URL, or that must not come
 * from an episode at all. Each finding names the element, its place in the page and its markup.
 */
function auditDom(contentTags: string[]): string[] {
  const out: string[] = [];
  const allowed = new Set(contentTags.map((t) => t.toUpperCase()));
  const placeOf = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.body && parts.length < 7; e = e.parentElement) {
      // Classes, less Svelte's scoping hashes.
      const classes = [...e.classList].filter((c) => !c.startsWith('svelte-'));
      const cls = classes.map((c) => `.${c}`).join('');
      parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls}`);
    }
    const summary = el.closest('details')?.querySelector('summary')?.textContent?.trim();
    return `${parts.join(' > ')}${summary ? ` (in "${summary}")` : ''}`;
  };
  const show = (el: Element): string => `${placeOf(el)}: ${el.outerHTML.slice(0, 300)}`;
  // Browsers drop spaces and controls around a URL and tabs and newlines inside its scheme.
  // eslint-disable-next-line no-control-regex -- the controls a URL parser ignores are the point
  const scheme = (value: string): string => value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
  const unsafe = (value: string): boolean => /^(javascript|data|vbscript):/.test(scheme(value));
  const urlAttributes = new Set([
    'href',
    'src',
    'srcset',
    'action',
    'formaction',
    'data',
    'xlink:href',
    'poster',
    'background',
    'ping',
    'codebase',
    'cite',
    'longdesc',
    'lowsrc',
    'dynsrc',
    'manifest',
  ]);

  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) out.push(`event-handler attribute ${name}: ${show(el)}`);
      if (name === 'srcdoc') out.push(`srcdoc attribute: ${show(el)}`);
      if (el.closest('body') && urlAttributes.has(name) && unsafe(attr.value)) {
        out.push(`unsafe ${name} ${JSON.stringify(attr.value.slice(0, 80))}: ${show(el)}`);
      }
      if (name === 'style' && /url\s*\(|expression\s*\(|javascript:|@import/i.test(attr.value)) {
        out.push(`style attribute with a URL or script: ${show(el)}`);
      }
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:|#)/i.test(href.trim()))
      out.push(`link to ${JSON.stringify(href.slice(0, 80))}: ${show(a)}`);
  }
  const forbidden =
    'base, meta[http-equiv="refresh" i], body iframe, body frame, body frameset, body object, body embed, ' +
    'body applet, body form, body meta, body link, body style, body script, body math, body template, ' +
    'body isindex, body marquee, body textarea, body xmp, body noembed, body noframes';
  for (const el of document.querySelectorAll(forbidden)) {
    // The shortcuts dialog's own close form.
    if (el.matches('dialog > form[method="dialog"]')) continue;
    out.push(`<${el.tagName.toLowerCase()}> element: ${show(el)}`);
  }
  for (const s of document.querySelectorAll('script')) {
    if (!/\/assets\/[\w-]+\.js$/.test(s.getAttribute('src') ?? '')) out.push(`script element: ${show(s)}`);
  }
  for (const n of document.querySelectorAll('body noscript')) {
    if (n.parentElement !== document.body) out.push(`<noscript> element: ${show(n)}`);
  }
  // Rendered markdown: only the renderer's tags.
  for (const el of document.querySelectorAll('.markdown *, article.turn p *')) {
    if (!allowed.has(el.tagName)) out.push(`<${el.tagName.toLowerCase()}> in rendered markdown: ${show(el)}`);
  }
  // Text fields: no elements at all (beyond the app's own).
  const textOnly =
    'h1, .speakers li, .tag, h3.speaker, time, .filter button, .episodes a, .results .who, ' +
    '.chapter, .chapters button span, .links a, .hidden-run button, .sync-points a';
  for (const el of document.querySelectorAll(textOnly)) {
    if (el.children.length) out.push(`markup inside a text field: ${show(el)}`);
  }
  for (const el of document.querySelectorAll('.chapters button *')) {
    if (!el.matches('span.time')) out.push(`markup in a chapter title: ${show(el)}`);
  }
  for (const el of document.querySelectorAll('.episodes .meta *')) {
    if (el.tagName !== 'TIME') out.push(`markup in an episode's summary on the home view: ${show(el)}`);
  }
  for (const el of document.querySelectorAll('.links li *')) {
    if (el.tagName !== 'A') out.push(`markup in a show-note link label: ${show(el)}`);
  }
  for (const el of document.querySelectorAll('.results .snippet *')) {
    if (el.tagName !== 'MARK') out.push(`markup in a search snippet: ${show(el)}`);
  }
  return out;
}

/** Lets pending handlers (image errors, timers, toggles) fire, then records everything seen. */
async function checkpoint(page: Page, watch: Watch, stage: string): Promise<void> {
  watch.stage = stage;
  await page.evaluate(() => new Promise((done) => setTimeout(() => requestAnimationFrame(done), 250)));
  for (const frame of page.frames()) {
    const value = await frame
      .evaluate(() => {
        const v = (window as unknown as { __xss?: unknown }).__xss;
        if (v === undefined) return null;
        return v instanceof Element ? `an element ${v.outerHTML.slice(0, 120)}` : String(v);
      })
      .catch(() => null);
    if (value !== null) {
      const id = /^[\w-]+$/.test(value) ? [value] : [];
      add(watch, explain(`window.__xss is ${value} in ${frame.url().slice(0, 120)}`, id));
    }
    const csp = await frame
      .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations?.splice(0) ?? [])
      .catch(() => []);
    // The episode's own audio URL is the app's request, not the payload's: media-src and connect-src reports
    // for it (the app probes a failed audio URL) are expected; anything else means active content got in.
    for (const v of csp) if (!/^(media-src|connect-src)\b/.test(v)) add(watch, explain(`CSP report: ${v}`));
  }
  for (const finding of await page.evaluate(auditDom, CONTENT_TAGS)) add(watch, explain(finding));
}

// ---------------------------------------------------------------------------------------------------------
// What a reader does with an episode

/** Scrolls turn by turn through the whole transcript, then to the bottom and back with the wheel. */
async function scrollTranscript(page: Page, turns: number): Promise<void> {
  // Long transcripts go on the page in steps: wait for all of it.
  await expect.poll(() => page.locator('article.turn').count()).toBe(turns);
  const count = await page.locator('article.turn').count();
  for (let i = 0; i < count; i++) {
    await page
      .locator('article.turn')
      .nth(i)
      .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  }
  await page.mouse.move(200, 200);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -600);
}

async function openAllDetails(page: Page): Promise<void> {
  const closed = page.locator('details:not([open]) > summary');
  while ((await closed.count()) > 0) await closed.first().click();
}

/** Hovers a few elements that show episode text (force: the fixed player may cover them). */
async function hoverText(page: Page): Promise<void> {
  const targets = [
    'h1',
    '.speakers li',
    '.tag',
    'h3.speaker',
    '.chapters button',
    '.links li',
    '.markdown a',
    '.markdown p',
    'article.turn p',
    'article.turn p a',
  ];
  for (const selector of targets) {
    for (const el of (await page.locator(selector).all()).slice(0, 6)) {
      await el.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      // Best effort: an element in a scrolled-away box cannot be hovered; dispatchEvents reaches it.
      await el.hover({ force: true, timeout: 2_000 }).catch(() => undefined);
    }
  }
}

/** Dispatches the events inline handlers listen for to every element that shows episode text. */
async function dispatchEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const events = [
      'mouseover',
      'mouseenter',
      'mousemove',
      'focus',
      'focusin',
      'load',
      'error',
      'toggle',
      'begin',
    ];
    const selector =
      '.markdown, .markdown *, article.turn p, article.turn p *, h1, .speakers li, .tag, h3.speaker, .chapters *, .links *';
    for (const el of document.querySelectorAll(selector)) {
      for (const type of events) el.dispatchEvent(new Event(type, { bubbles: false }));
    }
  });
}

async function tabThrough(page: Page, presses: number): Promise<void> {
  await page.locator('body').evaluate((body) => body.focus());
  for (let i = 0; i < presses; i++) await page.keyboard.press('Tab');
}

/** The hrefs of the show-note links and markdown links (checked, never followed). */
async function linkHrefs(page: Page): Promise<string[]> {
  return page
    .locator('.links a[href], .markdown a[href], article.turn p a[href]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

// ---------------------------------------------------------------------------------------------------------

function json(body: unknown): RouteHandler {
  return (_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

const CSP_META = /\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i;

describe.each([
  { variant: 'as built (with its CSP)', withoutCsp: false },
  { variant: 'with the CSP taken out', withoutCsp: true },
])('hostile episodes in Chromium, $variant', ({ withoutCsp }) => {
  let server: StaticServer;
  let browser: Browser;
  let root = '';

  beforeAll(async () => {
    // A copy of the build, so that a rebuild of dist/ while this runs cannot pull the assets away.
    root = mkdtempSync(join(tmpdir(), 'hark-hostile-dist-'));
    cpSync('dist', root, { recursive: true });
    const built = readFileSync(join(root, 'index.html'), 'utf8');
    const html = withoutCsp ? built.replace(CSP_META, '') : built;
    if (withoutCsp && html === built) throw new Error('dist/index.html has no CSP meta to take out');
    const index: RouteHandler = (_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(html);
    };
    server = await startStaticServer(root, {
      routes: {
        '/': index,
        '/index.html': index,
        '/episodes/hostile.json': json(episodeText),
        '/episodes/hostile-page.json': json(imported),
        '/episodes/index.json': json(buildIndex([kelsey, hostile, imported])),
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function open(hash: string): Promise<{ page: Page; watch: Watch }> {
    const context = await browser.newContext();
    await context.addInitScript(recordCspViolations);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/${hash}`);
    return { page, watch };
  }

  it('catches a payload that does run (a check of the probes themselves)', async () => {
    const { page, watch } = await open('#/hostile-page');
    await page.locator('article.turn').first().waitFor();
    // Markdown rendering arrives on demand and re-renders the description: inject after it, or it is wiped.
    await page.locator('.markdown.description[data-markdown="rendered"]').waitFor();
    await page
      .locator('.markdown.description')
      .evaluate(
        (el, code) => el.insertAdjacentHTML('beforeend', `<img src="probe-x" onerror="${code}">`),
        js('probe'),
      );
    await checkpoint(page, watch, 'injected a payload into the page');
    const seen = report(watch).join('\n');
    expect(seen).toMatch(/event-handler attribute onerror: .*div\.markdown\.description > img/);
    expect(seen).toMatch(/requested http:\/\/127\.0\.0\.1:\d+\/probe-x \(image\)/);
    if (withoutCsp) {
      expect(seen).toContain('alert dialog opened with message "probe"');
      expect(seen).toContain('console.log: XSS-probe');
      expect(seen).toContain('window.__xss is probe');
    } else {
      expect(seen).toMatch(/CSP report: script-src-attr blocked inline on <img src="probe-x"/);
      expect(seen).not.toContain('dialog opened');
    }
    await page.context().close();
  });

  it('keeps the page without script, handlers or unsafe links as the reader uses the hostile episode', async () => {
    const { page, watch } = await open('#/hostile');
    await page.locator('article.turn').first().waitFor();
    await checkpoint(page, watch, 'load');

    await scrollTranscript(page, hostile.turns.length);
    await checkpoint(page, watch, 'scrolled the whole transcript');

    await openAllDetails(page);
    await checkpoint(page, watch, 'opened Show notes, Chapters and the other <details>');

    await hoverText(page);
    await checkpoint(page, watch, 'hovered text');

    await dispatchEvents(page);
    await checkpoint(page, watch, 'dispatched mouse, focus, load and error events');

    await tabThrough(page, 80);
    await checkpoint(page, watch, 'tabbed through the page');

    for (const chapter of await page.locator('.chapters button').all()) await chapter.click();
    await checkpoint(page, watch, 'clicked every chapter');

    await page.locator('article.turn').first().hover();
    await page.locator('article.turn').first().getByRole('button', { name: 'Sync here' }).click();
    await page.locator('.sync-points').waitFor();
    await checkpoint(page, watch, 'synced a turn (sync points list speaker names)');

    await page.locator('.filter .only').first().click();
    await page.locator('.hidden-run button').first().click();
    await checkpoint(page, watch, 'showed one speaker only, opened a hidden run');
    await page.getByRole('button', { name: 'All speakers' }).click();

    const box = page.getByRole('searchbox', { name: 'Search transcript' });
    for (const query of ['onerror', 'script', `<img src=x onerror=${js('typed-search')}>`]) {
      await box.fill(query);
      await expect.poll(() => page.locator('.search .counter').textContent()).not.toBe('');
      await box.press('Enter');
      await checkpoint(page, watch, `searched for ${JSON.stringify(query.slice(0, 30))}`);
    }
    await expect(box.inputValue()).resolves.toBe(`<img src=x onerror=${js('typed-search')}>`);
    await box.click();
    await expect(page.locator('.results li').count()).resolves.toBeGreaterThan(0);

    const hrefs = await linkHrefs(page);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !/^(https?:|mailto:|#)/i.test(h))).toEqual([]);
    expect(report(watch)).toEqual([]);
    await page.context().close();
  });

  it('shows the hostile text as text', async () => {
    const { page, watch } = await open('#/hostile');
    await page.locator('article.turn').first().waitFor();
    await openAllDetails(page);

    await expect(page.locator('h1').textContent()).resolves.toBe(hostile.title);
    await expect.poll(() => page.title()).toBe(`${hostile.title} · Hark`);
    const names = await page.locator('.speakers li').allTextContents();
    expect(names).toEqual(hostile.speakers.map((s) => s.name));
    expect(names.join('\n')).toContain('<b onmouseover=');
    await expect(page.locator('h3.speaker').first().textContent()).resolves.toContain('<b onmouseover=');
    await expect(page.locator('.tag').allTextContents()).resolves.toEqual(hostile.tags);
    await expect(page.locator('header time').textContent()).resolves.toBe(hostile.publishDate);
    const chapters = await page.locator('.chapters button').allTextContents();
    expect(chapters.map((c) => c.replace(/^\s*\d+:\d\d\s*/, '').trim())).toEqual(
      hostile.chapters.map((c) => c.title),
    );
    // Show-note labels are text; only their http(s) URLs become links.
    await expect(page.locator('.links li').first().textContent()).resolves.toContain('<img src=x onerror=');
    await expect(page.locator('.links a').first().getAttribute('href')).resolves.toBe(
      'https://example.com/ok',
    );
    await expect(page.locator('.markdown.description').textContent()).resolves.toContain('Quokka Quickstep');
    await expect(page.locator('details', { hasText: 'Show notes' }).textContent()).resolves.toContain(
      'Wombat Waltz',
    );
    const paragraphs = page.locator('article.turn p');
    await expect(paragraphs.first().textContent()).resolves.toContain('Kumquat Marmalade');
    await expect(paragraphs.filter({ hasText: 'Tamarind Tango' }).textContent()).resolves.toBe(
      'Literal text <script>alert(1)</script> must stay text: Tamarind Tango',
    );
    await expect(paragraphs.filter({ hasText: 'Unclosed tag' }).textContent()).resolves.toContain(
      '<img src=x onerror=window.__xss=',
    );
    const fruits = ['Papaya Parade', 'Lychee Lullaby', 'Durian Disco', 'Guava Gavotte', 'Olive Opera'];
    const shown = await page.locator('article.turn').allTextContents();
    expect(fruits.filter((f) => !shown.some((t) => t.includes(f)))).toEqual([]);
    await checkpoint(page, watch, 'text checks');
    expect(report(watch)).toEqual([]);
    await page.context().close();
  });

  it('lists the hostile titles as text on the home view', async () => {
    const { page, watch } = await open('#/');
    await page.locator('.episodes a').first().waitFor();
    const link = page.locator('.episodes a[href="#/hostile"]');
    await expect(link.textContent()).resolves.toBe(hostile.title);
    await expect(page.locator('.episodes a[href="#/hostile-page"]').textContent()).resolves.toBe(
      imported.title,
    );
    await expect(
      page
        .locator('.episodes li', { has: page.locator('a[href="#/hostile"]') })
        .locator('.meta')
        .textContent(),
    ).resolves.toContain('<b onmouseover=');
    await checkpoint(page, watch, 'home view');
    await hoverText(page);
    await dispatchEvents(page);
    await tabThrough(page, 10);
    await checkpoint(page, watch, 'home view, hovered and tabbed');
    await link.click();
    await page.locator('article.turn').first().waitFor();
    await checkpoint(page, watch, 'opened the hostile episode from the home view');
    expect(report(watch)).toEqual([]);
    await page.context().close();
  });

  it('keeps hostile URL parameters (search, speakers, quote, time) as text', async () => {
    const params = new URLSearchParams({
      q: `"><img src=x onerror=${js('url-q')}>`,
      speakers: `<svg onload=${js('url-speakers')}>`,
      quote: `<img src=x onerror=${js('url-quote')}>`,
      t: `javascript:${js('url-t')}`,
    });
    const { page, watch } = await open(`#/hostile?${params}`);
    await page.locator('#transcript').waitFor();
    await checkpoint(page, watch, 'opened with hostile URL parameters');
    await expect(page.getByRole('searchbox', { name: 'Search transcript' }).inputValue()).resolves.toBe(
      params.get('q'),
    );
    expect(report(watch)).toEqual([]);
    await page.context().close();
  });

  it('keeps the imported hostile page (hark import of page.md) without script as the reader uses it', async () => {
    const { page, watch } = await open('#/hostile-page');
    await page.locator('article.turn').first().waitFor();
    await checkpoint(page, watch, 'load');
    await scrollTranscript(page, imported.turns.length);
    await openAllDetails(page);
    await checkpoint(page, watch, 'scrolled, opened <details>');
    await hoverText(page);
    await dispatchEvents(page);
    await tabThrough(page, 60);
    await checkpoint(page, watch, 'hovered, dispatched events, tabbed');
    for (const chapter of await page.locator('.chapters button').all()) await chapter.click();
    const box = page.getByRole('searchbox', { name: 'Search transcript' });
    for (const query of ['onerror', 'script', 'Kiwi']) {
      await box.fill(query);
      await box.press('Enter');
      await checkpoint(page, watch, `clicked chapters, searched for ${query}`);
    }

    await expect(page.locator('h1').textContent()).resolves.toBe(imported.title);
    await expect.poll(() => page.title()).toBe(`${imported.title} · Hark`);
    expect(imported.title).toContain('<img src=x onerror=');
    const names = await page.locator('.speakers li').allTextContents();
    expect(names).toEqual(imported.speakers.map((s) => s.name));
    expect(names.join('\n')).toContain('<b onmouseover=');
    await expect(page.locator('article.turn p').first().textContent()).resolves.toContain('Kiwi Kazoo');
    await expect(page.locator('article.turn p', { hasText: 'Lime Limbo' }).count()).resolves.toBe(1);
    await expect(page.locator('.tag').allTextContents()).resolves.toEqual(imported.tags);
    await expect(page.locator('.markdown.description').textContent()).resolves.toContain('Quince Quadrille');

    const hrefs = await linkHrefs(page);
    expect(hrefs).toContain('https://example.com/ok');
    expect(hrefs.filter((h) => !/^(https?:|mailto:|#)/i.test(h))).toEqual([]);
    expect(report(watch)).toEqual([]);
    await page.context().close();
  });
});
