import {hash} from 'node:crypto'
import {normalizeQuestion} from '../shared/text.js'

/**
 * Ids from names and questions, never from the clock or an answer: the same
 * notes give the same ids on any machine, and editing an answer keeps them.
 */

/** SHA-256 of the UTF-8 text (one-shot `hash`: twice as fast as a `Hash` object for short text). */
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer')
}

/** A stable integer id in [2^40, 2^52): safe in JavaScript, the size of Anki's millisecond ids. */
export function stableNumber(value: string): number {
  const bytes = digest(value)
  const high = bytes.readUInt32BE(0) & 0xfff
  const low = bytes.readUInt32BE(4)
  return 2 ** 40 + ((high * 2 ** 32 + low) % (2 ** 52 - 2 ** 40))
}

/** A deck's id, from its name alone. */
export function deckId(name: string): number {
  return stableNumber('studydeck/deck/' + name)
}

/**
 * A card's id: from the document's deck and the card's question key, never
 * its answer. It is the Anki note GUID, so editing an answer updates in place.
 */
export function cardId(deckKey: string, questionKey: string): string {
  return digest('studydeck/card\u0000' + normalizeQuestion(deckKey) + '\u0000' + questionKey).toString('hex').slice(0, 16)
}

/**
 * The id of a card that gives up an id a card of another file keeps
 * (`build/across-files.ts`): derived from that id and the card's file.
 */
export function saltedCardId(id: string, file: string): string {
  return digest('studydeck/card-of-file\u0000' + id + '\u0000' + file).toString('hex').slice(0, 16)
}

/**
 * The Anki note id of a card without `created` (one of a build before
 * studydeck remembered it), from its card id: what the `.apkg` stores for
 * it and what `nid:` finds in Anki's browser (Anki keeps a package's note id
 * on first import when the collection has no note with that id).
 */
export function noteId(id: string): number {
  return pastTimeId('studydeck/note/' + id)
}

/**
 * A stable id that reads as a millisecond time in the past (Nov 2004 – Sep
 * 2020): the ids of cards without `created`, kept as they were. Anki takes
 * note and card ids for creation times: Anki 2.1.55–2.1.61 refuse a whole
 * package holding one that is later than tomorrow.
 */
export function pastTimeId(value: string): number {
  return 2 ** 40 + (digest(value).readUIntBE(0, 6) % 5e11)
}
