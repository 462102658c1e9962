import type { ExportFormat } from './types.ts';

/** File name extension and MIME type of each export format. */
export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; mimeType: string; label: string }> = {
  json: { extension: 'json', mimeType: 'application/json', label: 'Podcasting 2.0 JSON' },
  vtt: { extension: 'vtt', mimeType: 'text/vtt', label: 'WebVTT' },
  srt: { extension: 'srt', mimeType: 'application/x-subrip', label: 'SubRip (SRT)' },
  txt: { extension: 'txt', mimeType: 'text/plain', label: 'Plain text' },
  md: { extension: 'md', mimeType: 'text/markdown', label: 'Markdown' },
};
