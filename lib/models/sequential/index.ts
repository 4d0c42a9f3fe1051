export * from './sasrec';
export * from './sasrec-batches';
