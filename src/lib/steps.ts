// Long work written as a generator that yields between slices, run at once or a slice per task.

/** Runs steps (a generator that yields between slices of work) to the end, at once. */
export function finish<T>(steps: Generator<void, T, void>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Gives the browser a turn: a new task, so input and paint can run in between. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs steps about `sliceMs` at a time, pausing between slices so the page stays responsive. */
export async function inSlices<T>(
  steps: Generator<void, T, void>,
  sliceMs = 30,
  pause: () => Promise<void> = nextTask,
): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    const end = performance.now() + sliceMs;
    while (!step.done && performance.now() < end) step = steps.next();
    if (!step.done) await pause();
  }
  return step.value;
}
