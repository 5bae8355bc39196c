/**
 * Long work done in steps: a generator that yields between steps runs to its end at once
 * (`runAll`), or in slices between which the event loop answers questions (`runSlices`).
 */
import { performance } from 'node:perf_hooks';

/** A slice of work this long at most keeps a question from waiting long behind it. */
const SLICE_MS = 15;

/** Runs the steps to the end now. */
export function runAll<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps in slices of about 15 ms, letting other work run between them. Stops, and
 * resolves to null, when `stop` says so before a slice.
 */
export async function runSlices<T>(steps: Generator<void, T>, stop: () => boolean = () => false): Promise<T | null> {
  for (;;) {
    if (stop()) {
      steps.return(undefined as T);
      return null;
    }
    const started = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - started >= SLICE_MS) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
