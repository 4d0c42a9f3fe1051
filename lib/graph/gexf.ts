import type Graph from 'graphology';
import { write } from 'graphology-gexf';
import { writeFileAtomic } from '../io/atomic';

/**
 * Writes `graph` as GEXF 1.3 (Gephi's format: nodes, edges and their attributes), atomically, so a
 * reader never sees half a file.
 */
export function exportGraph(graph: Graph, file: string): void {
  writeFileAtomic(file, write(graph, { version: '1.3' }));
}
