// One request per key at a time: callers that arrive while it is under way share its promise. A failure is
// not kept, so the next caller tries again.

export function singleFlight<T>(): (key: string, start: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, start) => {
    let flight = inFlight.get(key);
    if (!flight) {
      flight = start().finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
    }
    return flight;
  };
}
