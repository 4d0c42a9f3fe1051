import { PinlabInputError } from '../lib/errors';

/** One command-line option: its default fixes its type (number, string, or boolean for a bare flag). */
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

/** The usage lines for `spec`, printed by `--help`. */
export function usage(spec: Record<string, OptionSpec<number | string | boolean>>): string {
  return Object.entries(spec)
    .map(
      ([k, s]) =>
        `  --${k}${typeof s.default === 'boolean' ? '' : ` <${typeof s.default}>`}  ${s.help} (default ${String(s.default)})`,
    )
    .join('\n');
}

/**
 * parseOptions for a command's entry point (benchmarks, `npm run repro:*`): `--help` prints
 * `synopsis` and the options and exits 0; a bad option prints the error and the options and exits 2,
 * so a mistyped or unsupported option never starts an hour of training on the defaults.
 */
export function cliOptions<S extends Record<string, OptionSpec<number | string | boolean>>>(
  spec: S,
  synopsis = '',
): Values<S> {
  const argv = process.argv.slice(2);
  const help = `${synopsis ? `${synopsis}\n` : ''}options:\n${usage(spec)}`;
  if (argv.includes('--help')) {
    console.log(help);
    process.exit(0);
  }
  try {
    return parseOptions(spec, argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n${help}`);
    process.exit(2);
  }
}
