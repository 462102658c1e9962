import { audioTypeOf } from '../episode/text.ts';

/** Howler's format names for the audio MIME types an episode or a file may declare. */
const MIME_FORMATS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/webm': 'webm',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/flac': 'flac',
};

/** Howler's format for a MIME type, if it is one Hark knows. */
export function formatOfMimeType(type: string | undefined): string | undefined {
  return type ? MIME_FORMATS[type.toLowerCase()] : undefined;
}

/** Howler needs a format for object URLs: from the file name, else the MIME type. */
export function audioFormatOf(file: { name: string; type: string }): string | undefined {
  const ext = /\.([a-z0-9]{2,5})$/i.exec(file.name)?.[1]?.toLowerCase();
  if (ext && audioTypeOf(`x.${ext}`)) return ext === 'oga' ? 'ogg' : ext;
  return formatOfMimeType(file.type) ?? ext;
}

/** Whether a file the reader opened is audio (by its type or its name). */
export function isAudioFile(file: { name: string; type: string }): boolean {
  return file.type.startsWith('audio/') || /\.(mp3|m4a|ogg|oga|opus|wav|flac|webm|aac)$/i.test(file.name);
}
