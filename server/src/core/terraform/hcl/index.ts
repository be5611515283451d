export type * from './ast';
export { parseHcl, MAX_NESTING } from './parser';
export { attribute, blocks, staticString, traversalPath, unwrapTemplate } from './query';
