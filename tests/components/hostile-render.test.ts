// The markdown renderer against hostile text (jsdom): every string of the hostile fixtures, the episode and
// the imported episode page, goes through renderMarkdown and renderInline, and what comes out holds only the
// renderer's plain content tags, no event handlers and only http(s)/mailto/# links. The app in Chromium is
// tests/e2e/hostile.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import type { Result } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import * as render from '../../src/lib/markdown/render.ts';

const { renderInline, renderMarkdown } = render;
/**
 * How the transcript renders a paragraph: renderInline, and renderParagraph (a fast path that escapes plain
 * speech) or renderTurns, whichever render.ts has now; looked up by name, as the module is changing.
 */
const paragraphRenderers: { name: string; render: (markdown: string) => string }[] = [
  { name: 'renderInline', render: renderInline },
  ...Object.entries(render as unknown as Record<string, unknown>).flatMap(([name, f]) => {
    if (typeof f !== 'function') return [];
    if (name === 'renderParagraph') return [{ name, render: f as (markdown: string) => string }];
    if (name === 'renderTurns') {
      const turns = f as (t: { paragraphs: string[] }[]) => string[][];
      return [{ name, render: (markdown: string) => turns([{ paragraphs: [markdown] }])[0]![0]! }];
    }
    return [];
  }),
];

function valueOf<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error}`);
  return result.value;
}

const hostile = valueOf(
  parseEpisodeJson(readFileSync('tests/fixtures/hostile/episode.json', 'utf8')),
  'episode.json',
);
const imported = valueOf(
  importEpisodePage(readFileSync('tests/fixtures/hostile/page.md', 'utf8'), { fileName: 'page.md' }),
  'page.md',
);

/** Every string in a value, with its JSON path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The tags and attributes render.ts allows. */
const TAGS = new Set(
  'a p br strong b em i code pre ul ol li blockquote h1 h2 h3 h4 h5 h6 hr del s sup sub mark table thead tbody tr th td'
    .toUpperCase()
    .split(' '),
);
const ATTRIBUTES = new Set(['href', 'title', 'target', 'rel']);
const ACTIVE =
  /^(SCRIPT|IFRAME|FRAME|OBJECT|EMBED|STYLE|FORM|INPUT|BUTTON|SELECT|TEXTAREA|META|BASE|LINK|SVG|MATH)$/;

/** What is wrong with a piece of rendered HTML; empty when it is inert. */
function problems(html: string): string[] {
  const out: string[] = [];
  if (/<script/i.test(html)) out.push('contains "<script"');
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const el of template.content.querySelectorAll('*')) {
    const tag = el.tagName.toUpperCase();
    if (ACTIVE.test(tag)) out.push(`<${el.tagName.toLowerCase()}> element`);
    else if (!TAGS.has(tag)) out.push(`<${el.tagName.toLowerCase()}> is not a renderer tag`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) out.push(`${name} attribute on <${el.tagName.toLowerCase()}>`);
      else if (!ATTRIBUTES.has(name)) out.push(`${name} attribute on <${el.tagName.toLowerCase()}>`);
      // eslint-disable-next-line no-control-regex -- the controls a URL parser ignores are the point
      const scheme = attr.value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
      if ((name === 'href' || name === 'src') && /^(javascript|data|vbscript):/.test(scheme)) {
        out.push(`${name}=${JSON.stringify(attr.value)}`);
      }
      if (name === 'href' && !/^(https?:|mailto:|#)/i.test(attr.value.trim())) {
        out.push(`href=${JSON.stringify(attr.value)} is not http(s), mailto or #`);
      }
    }
    if (el.tagName === 'A' && el.hasAttribute('href')) {
      if (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer') {
        out.push(`link without target=_blank rel="noopener noreferrer": ${el.outerHTML.slice(0, 120)}`);
      }
    }
  }
  // Serializing and parsing again must give the same markup: a difference is how mutation XSS starts. (The
  // first parse may normalize harmlessly: DOMPurify hands back text without "<" as marked wrote it, "&quot;".)
  const again = document.createElement('template');
  again.innerHTML = template.innerHTML;
  if (again.innerHTML !== template.innerHTML)
    out.push(`changes when parsed again: ${again.innerHTML.slice(0, 200)}`);
  return out;
}

const cases: [string, string][] = [
  ...strings(hostile).map(([p, s]): [string, string] => [`episode.json ${p}`, s]),
  ...strings(imported).map(([p, s]): [string, string] => [`page.md (imported) ${p}`, s]),
];

describe('rendering the hostile fixtures', () => {
  it('has enough payloads to mean something', () => {
    expect(cases.filter(([, s]) => s.includes('__xss')).length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('%s stays inert through renderMarkdown and renderInline', (_where, text) => {
    expect(problems(renderMarkdown(text))).toEqual([]);
    expect(problems(renderInline(text))).toEqual([]);
  });

  it('renders every turn paragraph of both episodes inert the way the transcript does', () => {
    const paragraphs = [...hostile.turns, ...imported.turns].flatMap((t) => t.paragraphs);
    expect(paragraphs.length).toBeGreaterThan(30);
    const found = paragraphRenderers.flatMap(({ name, render: one }) =>
      paragraphs.flatMap((p, i) => problems(one(p)).map((problem) => `${name}, paragraph ${i}: ${problem}`)),
    );
    expect(found).toEqual([]);
  });

  it('keeps the harmless text and shows escaped markup as text', () => {
    const text = (html: string): string => {
      const t = document.createElement('template');
      t.innerHTML = html;
      return t.content.textContent ?? '';
    };
    expect(text(renderMarkdown(hostile.description))).toContain('Quokka Quickstep');
    expect(text(renderMarkdown(hostile.showNotes.markdown))).toContain('Wombat Waltz');
    expect(text(renderInline(hostile.turns[3]!.paragraphs[0]!))).toBe(
      'Literal text <script>alert(1)</script> must stay text: Tamarind Tango',
    );
    // An unclosed tag is not a tag: it shows as written.
    expect(text(renderInline(hostile.turns[11]!.paragraphs[1]!))).toContain(
      '<img src=x onerror=window.__xss=',
    );
    // Links keep their text when their unsafe URL goes.
    const html = renderInline(hostile.turns[1]!.paragraphs[0]!);
    expect(text(html)).toBe('click me then anchor Papaya Parade');
    expect(html).not.toMatch(/href/);
  });
});

describe('rendering single classic payloads', () => {
  const payloads = [
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src=javascript:alert(1)></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](javascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](&#106;avascript:alert(1))',
    '[x](java&#x09;script:alert(1))',
    '[x]: javascript:alert(1)\n\n[y][x]',
    '![x](x" onerror="alert(1))',
    '![x](javascript:alert(1))',
    '<javascript:alert(1)>',
    '[x](https://example.com "t\\" onmouseover=\\"alert(1)")',
    '<details open ontoggle=alert(1)>',
    '<body onload=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '</style><script>alert(1)</script>',
    '<form action=javascript:alert(1)><button>x</button></form>',
    '<input onfocus=alert(1) autofocus>',
    '<video><source onerror=alert(1)></video>',
    '<object data=javascript:alert(1)></object>',
    '<embed src=javascript:alert(1)>',
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    '<base href=javascript:/>',
    '<img src=x onerror=alert(1)//',
    '"><script>alert(1)</script>',
    "{{constructor.constructor('alert(1)')()}}",
    '${alert(1)}',
    '<b onmouseover=alert(1)>name</b>',
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    '<a href=" &#x09;javascript:alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<template><img src=x onerror=alert(1)></template>',
    '<img id="__xss" name="__xss" src="x">',
  ];

  it.each(payloads)('%s', (payload) => {
    expect(problems(renderMarkdown(payload))).toEqual([]);
    expect(problems(renderInline(payload))).toEqual([]);
    for (const { render: one } of paragraphRenderers) expect(problems(one(payload))).toEqual([]);
    expect(`${renderMarkdown(payload)}${renderInline(payload)}`).not.toMatch(/\sid=|\sname=/);
  });
});
