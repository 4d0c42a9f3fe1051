export { inKernel } from './kernel';
export { markdown, html, callout } from './display';
export { claim, fmt } from './claim';
export { table, type DataFrameLike, type TableOptions } from './table';
export { plot, type PlotTrace, type PlotLayout } from './plot';
export { progress, type Progress } from './progress';
export { recordMetrics, METRICS_MIME, type MetricValue } from './metrics';
export { versions, printVersions } from './versions';
