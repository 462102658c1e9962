// Hostile input on the node side: `hark import` and `hark validate` treat XSS payloads as the strings they
// are (no crash, kept verbatim), and the importer never turns a page's audio or video into a javascript:,
// data: or vbscript: URL. Whether the payloads stay inert when shown is tests/components/hostile-render.test.ts
// (the renderer) and tests/e2e/hostile.test.ts (the app in Chromium).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';

const EPISODE = 'tests/fixtures/hostile/episode.json';
const PAGE = 'tests/fixtures/hostile/page.md';
const pageText = readFileSync(PAGE, 'utf8');
const frontMatter = parseYaml(/^---\n([^]*?)\n---\n/.exec(pageText)![1]!) as Record<string, unknown>;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function imported(text: string): Episode {
  const r = importEpisodePage(text, { fileName: 'page.md' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Every string in a value, with its JSON path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The scheme a browser would see: it drops spaces and controls around a URL and tabs and newlines in it. */
function schemeOf(url: string): string {
  // eslint-disable-next-line no-control-regex -- the controls a URL parser ignores are the point
  const cleaned = url.replace(/[\u0000-\u0020]+/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase() ?? '(relative)';
}

/** The media URLs of an episode that a browser would not load as http(s): each with what it resolves to. */
function unsafeMedia(episode: Episode): string[] {
  const urls = [
    ...(episode.audio ? [['audio.src', episode.audio.src]] : []),
    ...(episode.video ? [['video.url', episode.video.url]] : []),
  ];
  return urls.flatMap(([where, url]) => {
    const resolved = new URL(url!, 'https://hark.example/episodes/').protocol;
    const bad = /^(javascript|data|vbscript)$/.test(schemeOf(url!)) || !/^https?:$/.test(resolved);
    return bad ? [`${where} ${JSON.stringify(url)} (resolves to ${resolved})`] : [];
  });
}

describe('hark validate on the hostile episode', () => {
  it('accepts it (exit 0) and names the title as written', async () => {
    const r = await run('validate', EPISODE);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid hark-episode\/1 episode, .*4 speakers, 15 turns, 25 paragraphs/);
    expect(r.out).toContain('Hostile <img src=x onerror="window.__xss=/title-img/.source;');
  });

  it('keeps every payload string verbatim', () => {
    const text = readFileSync(EPISODE, 'utf8');
    const r = parseEpisodeJson(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toEqual(JSON.parse(text));
    const payloads = strings(r.value).filter(([, s]) => s.includes('__xss'));
    expect(payloads.length).toBeGreaterThanOrEqual(30);
    // Every text field carries at least one.
    const fields = new Set(payloads.map(([p]) => p.replace(/\[\d+\]/g, '[]')));
    for (const field of [
      'title',
      'publishDate',
      'description',
      'tags[]',
      'audio.src',
      'audio.type',
      'video.url',
      'video.youtubeId',
      'speakers[].name',
      'speakers[].aliases[]',
      'showNotes.markdown',
      'showNotes.links[].label',
      'showNotes.links[].urls[]',
      'chapters[].title',
      'turns[].paragraphs[]',
      'anchors[].label',
      'notes[]',
    ]) {
      expect(fields, field).toContain(field);
    }
    // Every turn paragraph is hostile, one way or another.
    const paragraphs = r.value.turns.flatMap((t) => t.paragraphs);
    expect(paragraphs.filter((p) => !/__xss|<script|alert\(/.test(p))).toEqual([]);
  });
});

describe('hark import on the hostile page', () => {
  it('imports it (exit 0) to a valid episode', async () => {
    const r = await run('import', PAGE);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const back = parseEpisodeJson(r.out);
    expect(back.ok ? [] : [back.error]).toEqual([]);
    const out = join(mkdtempSync(join(tmpdir(), 'hark-hostile-')), 'hostile-page.json');
    expect((await run('import', PAGE, '-o', out)).code).toBe(0);
    const v = await run('validate', out);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/valid hark-episode\/1 episode/);
  });

  it('keeps the payloads as text: front matter verbatim, markup-free labels, markdown as written', async () => {
    const e = JSON.parse((await run('import', PAGE)).out) as Episode;
    expect(e.title).toBe(frontMatter.title);
    expect(e.publishDate).toBe(frontMatter.publishDate);
    expect(e.description).toBe(frontMatter.description);
    expect(e.tags).toEqual(frontMatter.tags);
    // A front-matter author is a speaker's display name as written, HTML and all.
    expect(e.speakers.map((s) => s.name)).toContain((frontMatter.author as string[])[0]);
    // A bold label with quotes and ${…} is a name like any other.
    expect(e.speakers.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'Eve" onmouseover="window.__xss=/p-label-quote/.source',
        'Trent ${window.__xss=/p-label-tl/.source}',
      ]),
    );
    const paragraphs = e.turns.flatMap((t) => t.paragraphs);
    expect(paragraphs).toContain('Hello harmless Kiwi Kazoo.');
    expect(paragraphs.join('\n')).toContain(
      '[click](javascript:window.__xss=/p-turn-md/.source;console.log(/XSS-p-turn-md/.source);alert(/p-turn-md/.source))',
    );
    expect(paragraphs.join('\n')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; stays text');
    expect(e.chapters.map((c) => c.start)).toEqual([0, 60, 120]);
    expect(e.chapters[2]!.title).toContain("{{constructor.constructor('window.__xss=/p-chapter-tpl/");
    expect(e.notes.join('\n')).toContain('Persimmon Polka');
    expect(e.showNotes.links.map((l) => l.urls)).toEqual([
      ['https://example.com/ok'],
      ['https://example.com/label'],
      [],
    ]);
    // Identifiers are made from the text, never the text itself.
    expect(e.slug).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u);
    expect(e.speakers.filter((s) => !/^[\p{Ll}\p{N}][\p{Ll}\p{N}-]*$/u.test(s.id))).toEqual([]);
  });

  it('offers no javascript:, data: or vbscript: audio or video', async () => {
    const e = JSON.parse((await run('import', PAGE)).out) as Episode;
    expect(unsafeMedia(e)).toEqual([]);
    expect(e.audio).toBeNull();
    expect(e.video).toBeNull();
  });
});

describe('the importer and hostile media URLs', () => {
  const hostileUrls = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '  javascript:alert(1)',
    '\tjavascript:alert(1)',
    '\njavascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '&#106;avascript:alert(1)',
    'java&#x09;script:alert(1)',
    'javascript&colon;alert(1)',
    'javascript:alert(1)//x.mp3',
    "javascript:alert('x.mp3')",
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:audio/mpeg;base64,SUQz',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1).mp3',
    '/\tjavascript:alert(1)',
    './javascript:alert(1)',
    '//evil.example/x.mp3',
    'https://ok.example/a.mp3\njavascript:alert(1)',
  ];
  const body = (media: string): string =>
    `---\ntitle: Media\n${media.startsWith('<') ? '' : media}\n---\n\n${media.startsWith('<') ? media : ''}\n\n### Transcript\n\n**Ann:** Hello.\n\n**Bob:** Hi.\n`;
  const yamlString = (s: string): string => JSON.stringify(s);

  const pages: [string, string][] = hostileUrls.flatMap((url) => [
    [
      `<audio src> ${JSON.stringify(url)}`,
      body(`<audio src="${url.replace(/"/g, '&quot;')}" controls></audio>`),
    ],
    [`<audio src='…'> ${JSON.stringify(url)}`, body(`<audio src='${url.replace(/'/g, '&#39;')}'></audio>`)],
    [
      `<audio src={…}> ${JSON.stringify(url)}`,
      body(`<audio src={"${url.replace(/["']/g, '')}"} controls />`),
    ],
    [`<audio><source src> ${JSON.stringify(url)}`, body(`<audio controls><source src="${url}" /></audio>`)],
    [`front matter audio: ${JSON.stringify(url)}`, body(`audio: ${yamlString(url)}`)],
    [`front matter audioSrc: ${JSON.stringify(url)}`, body(`audioSrc: ${yamlString(url)}`)],
    [`front matter audioUrl: ${JSON.stringify(url)}`, body(`audioUrl: ${yamlString(url)}`)],
    [`front matter videoID: ${JSON.stringify(url)}`, body(`videoID: ${yamlString(url)}`)],
    [`front matter youtubeId: ${JSON.stringify(url)}`, body(`youtubeId: ${yamlString(url)}`)],
    [`<YouTube id> ${JSON.stringify(url)}`, body(`<YouTube id="${url.replace(/"/g, '')}" />`)],
    [`<iframe src> ${JSON.stringify(url)}`, body(`<iframe src="${url.replace(/"/g, '')}"></iframe>`)],
    [
      `<iframe> Buzzsprout ${JSON.stringify(url)}`,
      body(`<iframe src="https://www.buzzsprout.com/1/2-x?${encodeURIComponent(url)}"></iframe>`),
    ],
    [
      `<iframe> YouTube ${JSON.stringify(url)}`,
      body(`<iframe src="https://www.youtube.com/embed/${url.replace(/"/g, '')}"></iframe>`),
    ],
  ]);

  it.each(pages)('%s', (_what, page) => {
    const r = importEpisodePage(page, { fileName: 'media.md' });
    // A page the importer refuses is fine too (a control character can make it "binary"); it must not throw.
    if (!r.ok) {
      expect(r.error).toMatch(/^This is not an episode page|^Could not import/);
      return;
    }
    expect(unsafeMedia(r.value)).toEqual([]);
    expect(r.value.turns).toHaveLength(2);
  });

  it('still finds a plain https audio file and a YouTube id (the cases above are not all refused blindly)', () => {
    const e = imported(
      '---\ntitle: Ok\nvideoID: dQw4w9WgXcQ\n---\n\n<audio src="https://ok.example/a.mp3"></audio>\n\n**Ann:** Hi.\n\n**Bob:** Hello.\n',
    );
    expect(e.audio?.src).toBe('https://ok.example/a.mp3');
    expect(e.video?.url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  });
});
