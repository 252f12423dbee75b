/**
 * Fixture tests: `test/fixtures/<case>/input.md` → `cards.json` (the cards, as
 * kind, front and back) and `messages.json` (warnings and errors). Missing
 * expectations are written on the first run; `UPDATE=1 npm test` rewrites
 * them all, to be reviewed in the diff.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {compileDeck} from '../src/pipeline.js'

const root = path.join(import.meta.dirname, 'fixtures')
const update = process.env.UPDATE === '1'

describe('fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    const folder = path.join(root, name)
    if (!existsSync(path.join(folder, 'input.md'))) continue
    it(name, () => {
      const file = new VFile({path: path.join('test/fixtures', name, 'input.md'), value: readFileSync(path.join(folder, 'input.md'), 'utf8')})
      const {document} = compileDeck(file, {now: () => 1_700_000_000, root: folder})
      const cards = document.cards.map(({kind, front, back, context}) => ({kind, front, back, context: context.slice(1)}))
      const messages = file.messages
        .filter((message) => message.fatal !== undefined)
        .map((message) => ({line: message.line ?? null, column: message.column ?? null, rule: message.ruleId ?? null, severity: message.fatal ? 'error' : 'warning', reason: message.reason}))
      expectFile(path.join(folder, 'cards.json'), cards)
      expectFile(path.join(folder, 'messages.json'), messages)
      // Junk no fixture may ever hold.
      for (const card of document.cards) {
        expect(card.front.trim(), card.front).not.toBe('')
        expect(card.back.trim(), card.front).not.toBe('')
        expect(card.front, 'front equals back').not.toBe(card.back)
        expect(card.front.length + card.back.length).toBeLessThanOrEqual(4000)
      }
      const fronts = new Map<string, string>()
      for (const card of document.cards) {
        if (fronts.has(card.front)) expect(card.back, 'same front, different back: ' + card.front).toBe(fronts.get(card.front))
        fronts.set(card.front, card.back)
      }
      expect(new Set(document.cards.map((card) => card.id)).size).toBe(document.cards.length)
    })
  }
})

function expectFile(file: string, actual: unknown) {
  if (update || !existsSync(file)) writeFileSync(file, JSON.stringify(actual, null, 2) + '\n')
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')))
}
