import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for a server that has gone quiet. V8 grows its heap while a large file
 * is re-analysed on every keystroke and gives the memory back only when its memory reducer decides to
 * (tens of seconds later, or not at all); one collection after a pause returns it within seconds.
 * Undefined where the engine does not allow it.
 */
export function fullGarbageCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
