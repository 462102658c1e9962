/**
 * HTML character references, in one place. Its own module because the `entities` package carries HTML5's
 * whole table of named references (about 13 KB gzipped): only the parsers need it, not the writers.
 */
import { decodeHTML } from 'entities';

/**
 * Decodes HTML character references as an HTML parser does in text: all of HTML5's named references
 * (`&copy;`, `&notin;`...), the legacy ones without ";" (`&amp`), and numeric ones (through the `entities`
 * package, which scans the text once).
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}
