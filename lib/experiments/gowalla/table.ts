import type { DataFrame } from 'danfojs-node';
import { danfo } from '../../data/world/frames';
import { sourcedRows, type RecordedRows } from '../../io/result-sources';
import { GOWALLA_PUBLISHED, GOWALLA_RECIPES, gowallaPrerequisites, type GowallaResult } from './recipes';

export type GowallaRow = Record<string, string | number>;

/**
 * One row per model, ours next to the published Recall@20 / NDCG@20 (models with only one of the
 * two keep '—' for the other), with how far each run went — epochs, the epoch whose metrics these
 * are (the last, the best on validation pairs, or a refit's), what stopped it, its budget and training
 * minutes, alone and with the recipes it builds on (when they are in `results` too) — so a
 * short-budget number is never read as the full-budget one, and a model's cost includes its inputs'.
 * Each row names its source; a recorded reproduction's row sits under the local row of its model.
 * The notebook shows it with `table`, `npm run repro:gowalla` prints it.
 */
export function gowallaTable(results: readonly GowallaResult[], options: GowallaTableSources = {}): GowallaRow[] {
  return sourcedRows<GowallaResult & { label?: string }, GowallaRow>(
    results,
    options.recorded,
    (r) => r.name,
    (r, source, name, run) => row(name, r, run, source),
    {
      source: options.source,
      recordedSource: (r) => r.label,
      extraKeys: Object.keys(GOWALLA_PUBLISHED),
    },
  );
}

/** `gowallaTable` as a danfojs DataFrame, as notebook 06 shows it (a few rows: danfojs costs nothing measurable here). */
export function gowallaFrame(results: readonly GowallaResult[], options: GowallaTableSources = {}): DataFrame {
  return new (danfo().DataFrame)(gowallaTable(results, options));
}

/** Where the rows come from: a label per local result, and a recorded reproduction shown beside them. */
export interface GowallaTableSources {
  /** The `source` of a result from this checkout (default "this checkout"). */
  source?: (r: GowallaResult) => string;
  /** Recorded rows (results/, see `gowallaRecorded`), each next to the local row of its model, labelled by its own run when it has a `label`. */
  recorded?: RecordedRows<GowallaResult & { label?: string }>;
}

/** One model's row; `pool` holds the results of the same run, where its inputs' training time is found. */
function row(name: string, r: GowallaResult | undefined, pool: readonly GowallaResult[], source: string): GowallaRow {
  const num = (x: number | undefined, digits: number) => (x === undefined ? '—' : Number(x.toFixed(digits)));
  const p = GOWALLA_PUBLISHED[name];
  const at = (k: number) => r?.summary.find((s) => s.k === k);
  const recipe = r ? GOWALLA_RECIPES[r.recipe] : undefined;
  const refitOf = recipe?.kind === 'trained' ? recipe.refitOf : undefined;
  const cap = recipe?.kind === 'trained' ? (r?.epochCap ?? recipe.maxEpochs) : undefined;
  const outOfTime = r?.budgetSeconds === undefined || r.trainSeconds >= r.budgetSeconds;
  const stoppedBy = !r
    ? '—'
    : cap === undefined
      ? 'training-free'
      : r.epochs >= cap
        ? refitOf
          ? `${refitOf}'s kept epoch`
          : 'epoch cap'
        : r.bestEpoch !== undefined && !outOfTime
          ? 'validation'
          : 'time budget';
  const inputs = r ? gowallaPrerequisites(r.recipe).map((p) => pool.find((x) => x.recipe === p)) : [];
  const withInputs =
    r && inputs.every((x) => x !== undefined)
      ? inputs.reduce((sum, x) => sum + x!.trainSeconds, r.trainSeconds)
      : undefined;
  return {
    model: name,
    source,
    'Recall@20': num(at(20)?.recall, 4),
    'NDCG@20': num(at(20)?.ndcg, 4),
    'published R@20': p ? p.recall : '—',
    'published N@20': p ? p.ndcg : '—',
    'Recall@10': num(at(10)?.recall, 4),
    'NDCG@10': num(at(10)?.ndcg, 4),
    'Recall@50': num(at(50)?.recall, 4),
    'NDCG@50': num(at(50)?.ndcg, 4),
    epochs: r ? (cap === undefined ? r.epochs : `${r.epochs} / ${cap}`) : '—',
    'kept epoch':
      r && cap !== undefined
        ? `${r.bestEpoch ?? r.epochs}${r.bestEpoch !== undefined ? ' (validation)' : refitOf ? ' (refit)' : ' (last)'}`
        : '—',
    'stopped by': stoppedBy,
    'budget min': num(r?.budgetSeconds === undefined ? undefined : r.budgetSeconds / 60, 2),
    'train min': num(r ? r.trainSeconds / 60 : undefined, 2),
    'with inputs min': num(withInputs === undefined ? undefined : withInputs / 60, 2),
    'eval s': num(r?.evalSeconds, 0),
    'peak MiB': num(r?.peakRssMiB, 0),
  };
}
