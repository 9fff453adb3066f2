/**
 * Wakes a polling loop soon after an event handler asked for work. The handler's transaction commits just after it
 * returns, so the loop is woken a little later (and once more, for a slow commit); the loop's polling interval
 * catches anything else.
 */
export class WakeRequests {
  private readonly wakers: (() => void)[] = [];

  on(wake: () => void): void {
    this.wakers.push(wake);
  }

  request(): void {
    for (const delay of [25, 250]) {
      setTimeout(() => {
        for (const wake of this.wakers) wake();
      }, delay).unref();
    }
  }
}
