/** A listener set: `on` returns an unsubscribe function; a throwing listener never affects the emitter or the others. */
export class Listeners<E> {
  private readonly set = new Set<(event: E) => void>();

  on(listener: (event: E) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(event: E): void {
    for (const listener of [...this.set]) {
      try {
        listener(event);
      } catch {
        // Observers must not break the store or the other observers.
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
