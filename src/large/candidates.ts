import {isPlainRendered, renderedPending, type Pending} from './pending.js'

/**
 * The cards found so far in a large document, in document order, waiting
 * for the rest of it to be parsed. A rendered card (its texts in the
 * store, its tree let go) is kept as a row of numbers in typed arrays,
 * 32 bytes off the heap, not as an object of about 200 bytes on it: while
 * the document is parsed, the heap grows to several times what it holds.
 * The few others (waiting for a definition, with images or messages to
 * tell) stay objects.
 */
export class Candidates {
  readonly #objects: Array<Pending | undefined> = []
  /** Index of each card's kind, rule, reveal and hint in `#shapes`. */
  #shape = new Int32Array(1024)
  #context = new Int32Array(1024)
  #line = new Int32Array(1024)
  #column = new Int32Array(1024)
  #stored = new Float64Array(1024)
  #storedTexts = new Float64Array(1024)
  readonly #shapes: Array<Pick<Pending, 'kind' | 'rule' | 'note' | 'deck' | 'hint' | 'reveal'>> = []
  readonly #shapeIndex = new Map<string, number>()
  readonly #contexts: string[][] = []
  readonly #contextIndex = new Map<string[], number>()
  /** Cards before this one are kept as rows where they can be. */
  #swept = 0

  get length(): number {
    return this.#objects.length
  }

  push(candidate: Pending): void {
    this.#objects.push(candidate)
  }

  /** Keep the rendered cards pushed since the last call as rows. */
  keepRendered(): void {
    const count = this.#objects.length
    if (count > this.#line.length) this.#grow(Math.max(count, this.#line.length * 2))
    for (let index = this.#swept; index < count; index++) {
      const candidate = this.#objects[index]!
      if (!isPlainRendered(candidate)) continue
      this.#shape[index] = this.#indexOfShape(candidate)
      this.#context[index] = this.#indexOfContext(candidate.context)
      this.#line[index] = candidate.place.line
      this.#column[index] = candidate.place.column
      this.#stored[index] = candidate.stored
      this.#storedTexts[index] = candidate.storedTexts
      this.#objects[index] = undefined
    }
    this.#swept = count
  }

  /** Every card, as objects again, in document order; the list is empty after. */
  takeAll(): Pending[] {
    const all = this.#objects.map((candidate, index) => {
      if (candidate) return candidate
      const {kind, rule, note, deck, hint, reveal} = this.#shapes[this.#shape[index]]
      const place = {line: this.#line[index], column: this.#column[index]}
      return renderedPending({kind, rule, note, deck, hint, reveal, context: this.#contexts[this.#context[index]], place, stored: this.#stored[index], storedTexts: this.#storedTexts[index]})
    })
    this.#objects.length = 0
    this.#swept = 0
    return all
  }

  #indexOfShape({kind, rule, note, deck, hint, reveal}: Pending): number {
    const key = [kind, rule, note ?? '', deck ?? '', String(reveal), hint === undefined ? '-' : '+' + hint].join('\u0000')
    let index = this.#shapeIndex.get(key)
    if (index === undefined) {
      index = this.#shapes.push({kind, rule, note, deck, hint, reveal}) - 1
      this.#shapeIndex.set(key, index)
    }
    return index
  }

  #indexOfContext(context: string[]): number {
    let index = this.#contextIndex.get(context)
    if (index === undefined) {
      index = this.#contexts.push(context) - 1
      this.#contextIndex.set(context, index)
    }
    return index
  }

  #grow(size: number) {
    const grown = <T extends Int32Array | Float64Array>(array: T): T => {
      const bigger = new (array.constructor as new (size: number) => T)(size)
      bigger.set(array)
      return bigger
    }
    this.#shape = grown(this.#shape)
    this.#context = grown(this.#context)
    this.#line = grown(this.#line)
    this.#column = grown(this.#column)
    this.#stored = grown(this.#stored)
    this.#storedTexts = grown(this.#storedTexts)
  }
}
