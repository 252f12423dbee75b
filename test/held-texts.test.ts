import {readFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {compileDeck} from '../src/build/compile.js'
import {writeApkg} from '../src/emit/apkg.js'
import {fromJsonBytes, toJson, toJsonBytes} from '../src/emit/json.js'
import {isHeld} from '../src/offheap/held-texts.js'
import type {DeckDocument} from '../src/shared/types.js'
import {documents} from './helpers/documents.js'

/**
 * A large document's cards hold their texts in a store (`src/offheap/held-texts.ts`),
 * and so does its previous build when read. Made to hold the texts of small
 * documents, every output and every comparison must be what plain cards give.
 */

function compile(value: string, root: string, holdTextsFrom?: number, previous?: DeckDocument, now = 1_700_000_000) {
  const file = new VFile({path: 'notes.md', value})
  const compiled = compileDeck(file, {now: () => now, root, holdTextsFrom, previous})
  return {...compiled, messages: file.messages.map((message) => String(message))}
}

describe('held texts: the same deck as plain strings give', () => {
  for (const {name, file, root} of documents) {
    it(name, async () => {
      const value = readFileSync(file, 'utf8')
      const plain = compile(value, root)
      const held = compile(value, root, 0)
      expect(held.document.cards.every((card) => isHeld(card))).toBe(true)
      expect(plain.document.cards.some((card) => isHeld(card))).toBe(false)
      // Read, spread and serialized as plain cards are.
      expect(held.document.cards).toEqual(plain.document.cards)
      expect(held.document.cards.map((card) => ({...card}))).toEqual(plain.document.cards)
      expect(toJson(held.document)).toBe(toJson(plain.document))
      expect(held.messages).toEqual(plain.messages)
      expect(held.counts).toEqual(plain.counts)
      expect(Buffer.from(await writeApkg([{name, cards: held.document.cards}])).equals(Buffer.from(await writeApkg([{name, cards: plain.document.cards}])))).toBe(true)
    })
  }
})

describe('held texts: a previous build read with its texts held', () => {
  it('gives the ids, times and counts a plain previous build gives, after an edit', () => {
    const value = readFileSync(path.join(import.meta.dirname, '../source/ketamine.md'), 'utf8')
    const root = path.join(import.meta.dirname, '../source')
    const first = compile(value, root)
    const bytes = toJsonBytes(first.document)
    const plainPrevious = fromJsonBytes(bytes).document!
    const heldPrevious = fromJsonBytes(bytes, {holdFrom: 0}).document!
    expect(heldPrevious.cards.every((card) => isHeld(card))).toBe(true)
    expect(heldPrevious.cards).toEqual(plainPrevious.cards)

    // An answer edited, a question reworded, a card gone.
    const edited = value.replace('Ketamine is an anesthetic', 'Ketamine is an old anesthetic').replace(/^##? .*\?$/m, (line) => line.replace('?', ' today?'))
    expect(edited).not.toBe(value)
    const againstPlain = compile(edited, root, undefined, plainPrevious, 1_800_000_000)
    const againstHeld = compile(edited, root, 0, heldPrevious, 1_800_000_000)
    expect(toJson(againstHeld.document)).toBe(toJson(againstPlain.document))
    expect(againstHeld.counts).toEqual(againstPlain.counts)
    expect(againstHeld.counts.unchanged).toBeGreaterThan(0)
  })

  it('leaves a damaged card as it is, for the reader to refuse', () => {
    const document = {version: 1, generator: 'x', deck: {name: 'd', id: '1'}, source: 's', cards: [{id: 'a', front: 7, back: 'b', modified: 1}], removed: []}
    expect(fromJsonBytes(Buffer.from(JSON.stringify(document)), {holdFrom: 0})).toEqual({problem: 'has cards without id, front, back or modified'})
  })
})
