/** A command's arguments: positional ones, `--name value` options and boolean flags. */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string>;
  flags: Set<string>;
}

/**
 * Splits a command's arguments; anything else that starts with `-` (but `-` alone, stdin) is a usage error,
 * reported through `fail` so each command family throws its own one-line error.
 */
export function parseArgs(
  args: string[],
  valued: string[],
  booleans: string[],
  fail: (message: string) => never,
): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.includes(a)) {
      const v = args[++i];
      if (v === undefined) fail(`${a} needs a value`);
      options[a] = v;
    } else if (booleans.includes(a)) flags.add(a);
    else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, options, flags };
}
