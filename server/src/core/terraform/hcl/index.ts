export type * from './ast';
export { parseHcl, MAX_NESTING } from './parser';
export { attribute, blocks, listItems, staticString, traversalPath, unwrapTemplate } from './query';
