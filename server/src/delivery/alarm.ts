export type Alarm = ReturnType<typeof createAlarm>;

/** One timer that fires at the earliest of the moments asked for, and keeps the later ones. */
export function createAlarm(onFire: () => void) {
  const moments = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Infinity;
  function arm(): void {
    const next = Math.min(...moments);
    if (next === armedFor) return;
    clearTimeout(timer);
    armedFor = next;
    if (next === Infinity) return;
    timer = setTimeout(fire, Math.max(0, next - Date.now()));
  }
  function fire(): void {
    const now = Date.now();
    for (const moment of moments) if (moment <= now + 2) moments.delete(moment);
    armedFor = Infinity;
    arm();
    onFire();
  }
  return {
    at(moment: number): void {
      moments.add(Math.ceil(moment / 10) * 10);
      arm();
    },
    clear(): void {
      moments.clear();
      clearTimeout(timer);
      armedFor = Infinity;
    },
  };
}
