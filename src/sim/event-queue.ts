/**
 * Priority queue of scheduled events ordered by (time, sequence). The sequence counter makes events
 * due at the same millisecond run in the order they were scheduled (FIFO), as in FoundationDB sim2.
 */
export interface ScheduledEvent {
  readonly atMs: number;
  readonly sequence: number;
  readonly label: string;
  readonly run: () => void;
  cancelled: boolean;
}

export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private nextSequence = 0;

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, label: string, run: () => void): ScheduledEvent {
    const event: ScheduledEvent = {
      atMs,
      sequence: this.nextSequence++,
      label,
      run,
      cancelled: false,
    };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
    return event;
  }

  /** The earliest live event without removing it; cancelled events are discarded on the way. */
  peek(): ScheduledEvent | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.popRoot();
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const head = this.peek();
    if (head) this.popRoot();
    return head;
  }

  private popRoot(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private before(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
