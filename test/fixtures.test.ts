/**
 * Fixture tests: `test/fixtures/<case>/input.md` → `cards.json` (the cards, as
 * kind, front and back; a note type beyond the basic one, each card of a
 * cloze note as Anki shows it, a deck of its own) and `messages.json` (errors, warnings, and the info
 * messages that say what a rule skipped on purpose). Missing expectations are
 * written on the first run; `UPDATE=1 npm test` rewrites them all, to be
 * reviewed in the diff.
 *
 * Every fixture is also held to the junk rules of issue 5: no empty side, no
 * front equal to its back, no side over 2,000 characters (a question's
 * answer: 4,000), no back that is
 * only a URL, no two cards with the same front. Text containing `NOCARD`
 * marks a block that must not become (part of) a card.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {maxAnswerLength, maxSideLength} from '../src/extract/extract.js'
import {compileDeck} from '../src/build/compile.js'
import {stripHtmlMedia} from '../src/emit/apkg.js'
import {clozeSide} from '../src/render/cloze-field.js'
import type {Card} from '../src/shared/types.js'

const root = path.join(import.meta.dirname, 'fixtures')
const update = process.env.UPDATE === '1'

describe('fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    const folder = path.join(root, name)
    if (!existsSync(path.join(folder, 'input.md'))) continue
    it(name, () => {
      const file = new VFile({path: path.join('test/fixtures', name, 'input.md'), value: readFileSync(path.join(folder, 'input.md'), 'utf8')})
      const {document} = compileDeck(file, {now: () => 1_700_000_000, root: folder})
      const cards = document.cards.map(expected)
      const messages = file.messages.map((message) => ({
        line: message.line ?? null,
        column: message.column ?? null,
        rule: message.ruleId ?? null,
        severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
        reason: message.reason
      }))
      expectFile(path.join(folder, 'cards.json'), cards)
      expectFile(path.join(folder, 'messages.json'), messages)
      // Junk no fixture may ever hold.
      for (const card of document.cards) {
        expect(card.front.trim(), card.front).not.toBe('')
        expect(card.back.trim(), card.front).not.toBe('')
        expect(card.front, 'front equals back').not.toBe(card.back)
        expect(card.front.length, 'front too long: ' + card.front.slice(0, 60)).toBeLessThanOrEqual(maxSideLength)
        expect(card.back.length, 'back too long: ' + card.front).toBeLessThanOrEqual(card.kind === 'faq' ? maxAnswerLength : maxSideLength)
        expect(card.back, 'back is only a URL: ' + card.front).not.toMatch(/^<?(?:https?:\/\/|www\.)\S+>?$/)
        expect(card.front + card.back, 'a NOCARD block became a card').not.toContain('NOCARD')
        expect(card.frontHtml + card.backHtml, 'unsafe HTML').not.toMatch(/<script|\son\w+=|javascript:/i)
      }
      const fronts = document.cards.map((card) => card.front)
      expect(fronts.filter((front, index) => fronts.indexOf(front) !== index), 'fronts that repeat').toEqual([])
      expect(new Set(document.cards.map((card) => card.id)).size).toBe(document.cards.length)
    })
  }
})

/** What a fixture expects of a card (the keys of notes beyond the basic one only when set, so older fixtures stay as they are). */
function expected(card: Card) {
  const {kind, note, front, back, context, cloze, deck} = card
  return {
    kind,
    ...(note ? {note} : {}),
    front,
    back,
    context: context.slice(1),
    // Each card of a cloze note, as Anki shows it: `c2` hides the deletions numbered 2.
    ...(cloze ? {cards: cloze.numbers.map((number) => ['c' + number, plain(clozeSide(cloze.text, number, 'question')), plain(clozeSide(cloze.text, number, 'answer'))].join(' | '))} : {}),
    ...(deck ? {deck} : {})
  }
}

function plain(html: string): string {
  return stripHtmlMedia(html).replace(/\s+/g, ' ')
}

function expectFile(file: string, actual: unknown) {
  if (update || !existsSync(file)) writeFileSync(file, JSON.stringify(actual, null, 2) + '\n')
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')))
}
