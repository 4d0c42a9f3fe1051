import { splitFromText } from '../../lib/data/datasets/gowalla';

/** 4 users × 6 items, 9 training pairs and one test item each: the LightGCN and BPR unit tests' data. */
export const tinySplit = () => splitFromText('0 0 1 2\n1 1 3\n2 4 5 0\n3 2\n', '0 3\n1 5\n2 1\n3 4\n');
