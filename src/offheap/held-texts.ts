import type {TextStore} from './text-store.js'

/**
 * A large document's cards keep their texts in a `TextStore` (past a few
 * tens of megabytes, in a temporary file), not on the heap: as strings,
 * 250,000 cards hold half a gigabyte, and V8 lets its heap grow to several
 * times what it holds. Each text is an own enumerable getter, so a held
 * card reads, spreads, compares and serializes as a plain one does; it is
 * read from the store each time it is asked for.
 */

/**
 * A document of this many cards or more keeps its cards' texts in a store,
 * and so does its previous build when read: about 2 MB of notes. Smaller
 * ones, most of them, are faster with plain strings.
 */
export const holdTextsFrom = 10_000

/** The texts a card may hold, in the order the store keeps them. */
const heldNames = ['front', 'back', 'frontHtml', 'backHtml', 'key'] as const
export type HeldName = (typeof heldNames)[number]

/** What a card as written out holds (no question key). */
export const cardTexts: readonly HeldName[] = ['front', 'back', 'frontHtml', 'backHtml']
/** What a card before identification holds. */
export const preparedTexts: readonly HeldName[] = heldNames

const where = Symbol('held texts')

interface Held {
  store: TextStore
  handle: number
  names: readonly HeldName[]
}

type Holder = {[where]: Held}

// One getter per name, shared by every card: cards made alike share one hidden class in V8.
const getters = Object.fromEntries(
  heldNames.map((name, index) => [
    name,
    {
      enumerable: true,
      configurable: true,
      get(this: Holder) {
        return this[where].store.getOne(this[where].handle, index)
      }
    }
  ])
) as Record<HeldName, PropertyDescriptor>

/** Give `target` the texts of `values` (by name), held in `store`. */
export function holdTexts<T extends object>(target: T, store: TextStore, values: Partial<Record<HeldName, string>>, names: readonly HeldName[]): T {
  return attach(target, {store, handle: store.put(heldNames.map((name) => values[name])), names})
}

/** A copy of `card` with `extra` fields: its texts stay where they are held (a spread would read them all). */
export function withFields<T extends object, U extends object>(card: T, extra: U): T & U {
  const held = (card as Partial<Holder>)[where]
  if (!held) return Object.assign({}, card, extra)
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(card)) if (!held.names.includes(key as HeldName)) copy[key] = card[key as keyof T]
  return attach(Object.assign(copy, extra), held) as T & U
}

/** `fields`, with the texts `names` of `card`: held as they are, or copied when `card` is plain. */
export function withTextsOf<T extends object>(fields: T, card: Partial<Record<HeldName, string>>, names: readonly HeldName[]): T {
  const held = (card as Partial<Holder>)[where]
  if (held) return attach(fields, {...held, names})
  for (const name of names) (fields as Record<string, unknown>)[name] = card[name]
  return fields
}

/** Whether `card` holds its texts in a store. */
export function isHeld(card: object): boolean {
  return (card as Partial<Holder>)[where] !== undefined
}

function attach<T extends object>(target: T, held: Held): T {
  Object.defineProperty(target, where, {value: held})
  for (const name of held.names) Object.defineProperty(target, name, getters[name])
  return target
}
