import { PinlabInputError } from '../../lib/errors';

/** One benchmark option: its default fixes its type (number, string, or boolean for a bare flag). */
export interface OptionSpec<T extends number | string | boolean> {
  default: T;
  help: string;
}

type Values<S extends Record<string, OptionSpec<number | string | boolean>>> = { [K in keyof S]: S[K]['default'] };

/**
 * Parses `--name value` (and bare `--flag` for booleans) against `spec`. Anything else — an
 * unknown option, a missing or non-numeric value, a stray positional argument — throws a
 * PinlabInputError naming it, so a mistyped option can never silently run the defaults.
 */
export function parseOptions<S extends Record<string, OptionSpec<number | string | boolean>>>(
  spec: S,
  argv: string[] = process.argv.slice(2),
): Values<S> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, s] of Object.entries(spec)) out[k] = s.default;
  const known =
    Object.keys(spec)
      .map((k) => `--${k}`)
      .join(', ') || 'none';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new PinlabInputError('argv', `unexpected argument '${a}' (options: ${known})`, i);
    const name = a.slice(2);
    const s = spec[name];
    if (!s) throw new PinlabInputError(a, `unknown option (options: ${known})`);
    if (typeof s.default === 'boolean') {
      out[name] = true;
      continue;
    }
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new PinlabInputError(a, 'needs a value');
    if (typeof s.default === 'number') {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new PinlabInputError(a, `must be a number, got '${v}'`);
      out[name] = n;
    } else out[name] = v;
  }
  return out as Values<S>;
}

/** The usage lines for `spec`, printed by a benchmark's `--help`. */
export function usage(spec: Record<string, OptionSpec<number | string | boolean>>): string {
  return Object.entries(spec)
    .map(
      ([k, s]) =>
        `  --${k}${typeof s.default === 'boolean' ? '' : ` <${typeof s.default}>`}  ${s.help} (default ${String(s.default)})`,
    )
    .join('\n');
}

/**
 * parseOptions for a benchmark's entry point: `--help` prints the options and exits 0; a bad
 * option prints the error and the options and exits 2.
 */
export function benchOptions<S extends Record<string, OptionSpec<number | string | boolean>>>(spec: S): Values<S> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(`options:\n${usage(spec)}`);
    process.exit(0);
  }
  try {
    return parseOptions(spec, argv);
  } catch (e) {
    console.error(`${(e as Error).message}\noptions:\n${usage(spec)}`);
    process.exit(2);
  }
}
