/**
 * Extraction rules that the fixtures do not pin down on their own: question
 * keys of keys that are only punctuation, what `check --verbose` shows, row
 * mode with repeated keys, settings that switch kinds off, and the limit on
 * the length of a side.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {runCli} from '../src/cli/run.js'
import {maxAnswerLength, maxSideLength} from '../src/extract/extract.js'
import {compileDeck} from '../src/build/compile.js'
import {defaultSettings} from '../src/parse/settings.js'
import {normalizeQuestion} from '../src/shared/text.js'
import {temporaryFolder} from './helpers/temporary.js'

function compile(markdown: string, settings = defaultSettings) {
  const file = new VFile({path: 'notes.md', value: markdown})
  const {document} = compileDeck(file, {settings, now: () => 1_700_000_000})
  return {cards: document.cards, messages: file.messages}
}

describe('question keys', () => {
  it('keeps a key that is only punctuation, instead of reducing it to nothing', () => {
    expect(normalizeQuestion('?.')).toBe('?.')
    expect(normalizeQuestion('!')).toBe('!')
    expect(normalizeQuestion('...')).toBe('...')
    // Trailing punctuation of a real question still goes.
    expect(normalizeQuestion('What is a cell?')).toBe('what is a cell')
    expect(normalizeQuestion('`&&`')).toBe(normalizeQuestion('‘&&’'))
  })

  it('gives symbol keys their own stable ids, with no duplicate warning', () => {
    const markdown = '# Ops\n\n| Operator | Name |\n| --- | --- |\n| `!` | not |\n| `?.` | optional chaining |\n| `?` | conditional |\n| `&&` | and |\n'
    const first = compile(markdown)
    expect(first.cards.map((card) => card.front)).toEqual(['! — Name?', '?. — Name?', '? — Name?', '&& — Name?'])
    expect(new Set(first.cards.map((card) => card.id)).size).toBe(4)
    expect(first.messages.filter((message) => message.ruleId === 'duplicate-question')).toEqual([])
    expect(compile(markdown).cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id))
  })
})

describe('check --verbose', () => {
  it('prints what a rule skipped on purpose, with file:line and the rule; plain check does not', async () => {
    const dir = temporaryFolder('studydeck-extract-')
    writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\n## Contents\n\n- [A](#a)\n- [B](#b)\n\n## Why?\n\nBecause.\n')
    const run = async (argv: string[]) => {
      let stdout = ''
      const code = await runCli(argv, {cwd: dir, stdout: (text) => (stdout += text), stderr: (text) => (stdout += text)})
      return {code, stdout}
    }
    const verbose = await run(['check', 'notes.md', '--verbose'])
    expect(verbose.code).toBe(0)
    expect(verbose.stdout).toMatch(/5:1-6:10\s+info\s+List of only links or images \(navigation, badges\): not a card\s+list-links-only/)
    const quiet = await run(['check', 'notes.md'])
    expect(quiet.stdout).not.toContain('list-links-only')
    const json = await run(['check', 'notes.md', '--json', '--verbose'])
    expect(JSON.parse(json.stdout).files[0].messages).toEqual([
      {file: 'notes.md', line: 5, column: 1, severity: 'info', rule: 'list-links-only', reason: 'List of only links or images (navigation, badges): not a card'}
    ])
  })
})

describe('tables', () => {
  it('in row mode, tells repeated keys apart by another cell', () => {
    const {cards} = compile('# Furniture\n\n| Word | Plural | English |\n| --- | --- | --- |\n| die Bank | die Bänke | bench |\n| die Bank | die Banken | bank |\n', {...defaultSettings, tableMode: 'row'})
    expect(cards.map((card) => [card.front, card.back])).toEqual([
      ['die Bank (die Bänke)', '- Plural: die Bänke\n- English: bench'],
      ['die Bank (die Banken)', '- Plural: die Banken\n- English: bank']
    ])
  })

  it('keeps inline code and entities in keys and answers', () => {
    const {cards} = compile('# T\n\n| Key | Means |\n| --- | --- |\n| `a \\| b` | either &amp; or |\n| &lt;br&gt; | a line break |\n')
    expect(cards.map((card) => [card.front, card.back])).toEqual([
      ['a | b — Means?', 'either & or'],
      ['<br> — Means?', 'a line break']
    ])
    expect(cards[0].frontHtml).toContain('<code>a | b</code>')
    expect(cards[1].frontHtml).toContain('&#x3C;br>')
  })
})

describe('settings', () => {
  it('switches kinds off from front matter, and never makes the front matter a card', () => {
    const {cards} = compile('---\nkinds: [faq]\ntitle: "What is this?"\n---\n\n## What is DNA?\n\nA molecule.\n\n- Gene: a unit of heredity.\n- Allele: a form of a gene.\n')
    expect(cards.map((card) => card.front)).toEqual(['What is DNA?'])
    expect(cards[0].context).toEqual(['What is this?'])
  })
})

describe('card sides', () => {
  it(`leave out a question's answer over ${maxAnswerLength} characters with a warning, and keep one at the limit`, () => {
    const answer = (length: number) => 'x'.repeat(length)
    const at = compile('# L\n\n## Q?\n\n' + answer(maxAnswerLength) + '\n')
    expect(at.cards).toHaveLength(1)
    const over = compile('# L\n\n## Q?\n\n' + answer(maxAnswerLength + 1) + '\n')
    expect(over.cards).toHaveLength(0)
    expect(over.messages.map((message) => [message.ruleId, message.line, message.fatal])).toEqual([['card-too-long', 3, false]])
  })

  it(`leave out any other side over ${maxSideLength} characters with a warning, and keep one at the limit`, () => {
    const definition = (length: number) => 'x'.repeat(length)
    const at = compile('# L\n\n- Term: ' + definition(maxSideLength) + '\n- Osmosis: water crossing a membrane.\n')
    expect(at.cards).toHaveLength(2)
    const over = compile('# L\n\n- Term: ' + definition(maxSideLength + 1) + '\n- Osmosis: water crossing a membrane.\n')
    expect(over.cards.map((card) => card.front)).toEqual(['Osmosis'])
    expect(over.messages.map((message) => [message.ruleId, message.line, message.fatal])).toEqual([['card-too-long', 3, false]])
    const question = compile('# L\n\n## ' + definition(maxSideLength + 1) + '?\n\nYes.\n')
    expect(question.cards).toHaveLength(0)
  })
})

describe('front matter', () => {
  it('warns about an unknown key inside `studydeck:`, and leaves other tools’ keys alone', () => {
    const {cards, messages} = compile('---\nlayout: post\nstudydeck:\n  tabels: row\n---\n\n# T\n\n## Why?\n\nBecause.\n')
    expect(cards).toHaveLength(1)
    expect(messages.map((message) => [message.ruleId, message.line, message.fatal, message.reason])).toEqual([
      ['front-matter-setting', 1, false, 'Unknown studydeck setting `tabels` (expected one of `deck`, `tags`, `tables`, `table`, `kinds`, `cloze`, `osr`, `reverse`)']
    ])
  })
})
