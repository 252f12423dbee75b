import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {maxLineLength, maxNesting, maxTreeDepth, withinStack} from '../src/parse/limits.js'
import {compileDeck} from '../src/build/compile.js'
import {append} from '../src/extract/context.js'

/**
 * Oversized and deeply nested input finishes with a message or a result,
 * never a crash. (Time is measured by `bench/limits.js`, not asserted here.)
 */
function compile(markdown: string) {
  const file = new VFile({path: 'notes.md', value: markdown})
  const {document} = compileDeck(file, {now: () => 1764100000})
  const messages = file.messages.map((message) => ({
    line: message.line ?? null,
    column: message.column ?? null,
    rule: message.ruleId,
    severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
    reason: message.reason
  }))
  return {cards: document.cards, messages, file}
}

/** A question after the hostile block: it must still become a card. */
const after = '\n\n## Does the rest still build?\n\nYes.\n'

describe('deep nesting', () => {
  it('leaves out list lines nested thousands of levels deep (markers on one line)', () => {
    const {cards, messages} = compile('# Notes\n\n' + '- '.repeat(5000) + 'deep' + after)
    expect(messages).toContainEqual({
      line: 3,
      column: 2 * (maxNesting + 1),
      rule: 'nesting-too-deep',
      severity: 'warning',
      reason: 'Line 3 is nested more than ' + maxNesting + ' levels deep (lists, block quotes): left out'
    })
    expect(cards.map((card) => [card.front, card.back])).toEqual([['Does the rest still build?', 'Yes.']])
  })

  it('leaves out the lines of an indented list that go deeper than the limit, and keeps the rest of the list', () => {
    const lines = Array.from({length: 2000}, (_, index) => '  '.repeat(index) + '- level ' + (index + 1))
    const {cards, messages, file} = compile('# Notes\n\n## Nested\n\n' + lines.join('\n') + after)
    // Level n is indented 2(n-1) columns: levels 1…64 are kept, 65… left out (the column is after the 65th marker).
    expect(messages.filter((message) => message.rule === 'nesting-too-deep')).toEqual([
      {line: 5 + maxNesting, column: 2 * maxNesting + 3, rule: 'nesting-too-deep', severity: 'warning', reason: 'Lines 69–2004 are nested more than 64 levels deep (lists, block quotes): left out'}
    ])
    // What the parser saw: the same lines, the deep ones empty.
    const parsed = String(file.value).split('\n')
    expect(parsed[4 + maxNesting - 1]).toBe('  '.repeat(maxNesting - 1) + '- level ' + maxNesting)
    expect(parsed.slice(4 + maxNesting, 4 + 2000).every((line) => line === '')).toBe(true)
    expect(parsed.length).toBe(4 + 2000 + 5)
    expect(cards.map((card) => card.front)).toEqual(['Does the rest still build?'])
  })

  it('leaves out block quotes thousands of levels deep, on one line or many', () => {
    const one = compile('# Notes\n\n## Why quote?\n\nBecause.\n\n' + '>'.repeat(10000) + ' deep' + after)
    expect(one.messages).toContainEqual(expect.objectContaining({line: 7, rule: 'nesting-too-deep', severity: 'warning'}))
    expect(one.cards.map((card) => card.front)).toEqual(['Why quote?', 'Does the rest still build?'])

    const pyramid = Array.from({length: 3000}, (_, index) => '>'.repeat(index + 1) + ' level ' + (index + 1))
    const many = compile('# Notes\n\n## Quoted\n\n' + pyramid.join('\n') + after)
    expect(many.messages).toContainEqual(expect.objectContaining({line: 5 + maxNesting, rule: 'nesting-too-deep', reason: 'Lines 69–3004 are nested more than 64 levels deep (lists, block quotes): left out'}))
    expect(many.cards.map((card) => card.front)).toEqual(['Does the rest still build?'])
  })

  it('leaves out a block of raw HTML nested thousands of elements deep', () => {
    const {cards, messages} = compile('# Notes\n\n## Why divs?\n\nBecause.\n\n' + '<div>'.repeat(5000) + 'x' + '</div>'.repeat(5000) + after)
    expect(messages).toContainEqual(
      expect.objectContaining({line: 7, column: 1, rule: 'nesting-too-deep', severity: 'warning', reason: 'This block is nested more than ' + maxTreeDepth + ' levels deep (emphasis, links, raw HTML): left out'})
    )
    expect(cards.map((card) => [card.front, card.back])).toEqual([
      ['Why divs?', 'Because.'],
      ['Does the rest still build?', 'Yes.']
    ])
  })

  it('leaves out a paragraph of emphasis nested deeper than the tree limit', () => {
    const depth = maxTreeDepth + 20
    const {cards, messages} = compile('# Notes\n\n## Why so emphatic?\n\n' + '*a '.repeat(depth) + 'x' + ' b*'.repeat(depth) + after)
    expect(messages).toContainEqual(expect.objectContaining({line: 5, column: 1, rule: 'nesting-too-deep', severity: 'warning'}))
    expect(cards.map((card) => card.front)).toEqual(['Does the rest still build?'])
  })

  it('turns a stack overflow the limits missed into an error for the file, and lets other errors through', () => {
    const file = new VFile({path: 'notes.md'})
    const recurse = (depth: number): number => recurse(depth + 1) + 1
    expect(withinStack(file, () => recurse(0), () => -1)).toBe(-1)
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['nesting-too-deep', true]])
    expect(() =>
      withinStack(
        file,
        () => {
          throw new TypeError('a bug')
        },
        () => 0
      )
    ).toThrow('a bug')
  })

  it('keeps nesting that notes really use, and indentation inside fenced code', () => {
    const code = '```\n' + ' '.repeat(400) + 'deeply indented code\n' + '```'
    const list = Array.from({length: 20}, (_, index) => '  '.repeat(index) + '- level ' + (index + 1)).join('\n')
    const {cards, messages} = compile('# Notes\n\n## What is kept?\n\n' + code + '\n\n' + list + '\n\n> > > > quoted\n')
    expect(messages.filter((message) => message.rule === 'nesting-too-deep' || message.rule === 'line-too-long')).toEqual([])
    expect(cards[0].back).toContain(' '.repeat(400) + 'deeply indented code')
    expect(cards[0].back).toContain('- level 20')
    expect(cards[0].backHtml).toContain('<blockquote>\n<blockquote>\n<blockquote>\n<blockquote>\n<p>quoted</p>')
  })
})

describe('size', () => {
  it('leaves out a 10 MB line, naming its line and length, and builds the rest', () => {
    const line = 'word '.repeat(2_000_000)
    const {cards, messages, file} = compile('# Notes\n\n## Why so long?\n\nShort answer.\n\n' + line + '\n' + after)
    expect(messages).toContainEqual({
      line: 7,
      column: 1,
      rule: 'line-too-long',
      severity: 'warning',
      reason: 'Line 7 is 10,000,000 characters long, more than ' + maxLineLength.toLocaleString('en-US') + ': left out'
    })
    // Line numbers after it are those of the file as written.
    expect(cards.map((card) => [card.front, card.back, card.source.line])).toEqual([
      ['Why so long?', 'Short answer.', 3],
      ['Does the rest still build?', 'Yes.', 10]
    ])
    expect(String(file.value).length).toBeLessThan(200)
  })

  it('counts lines as Markdown does, with \\r\\n and a lone \\r too', () => {
    for (const ending of ['\n', '\r\n', '\r']) {
      const markdown = ('# Notes\n\n## Why?\n\nShort.\n\n' + 'w '.repeat(60_000) + '\n' + after).replace(/\n/g, ending)
      const {cards, messages} = compile(markdown)
      expect(messages.filter((message) => message.severity === 'warning').map((message) => [message.line, message.rule]), JSON.stringify(ending)).toEqual([[7, 'line-too-long']])
      expect(cards.map((card) => [card.front, card.source.line])).toEqual([
        ['Why?', 3],
        ['Does the rest still build?', 10]
      ])
    }
  })

  it('makes a card of every row of a table of 20,000 rows', () => {
    const rows = Array.from({length: 20_000}, (_, index) => '| key ' + index + ' | value ' + index + ' |')
    const {cards, messages} = compile('# Notes\n\n| Key | Value |\n| --- | --- |\n' + rows.join('\n') + '\n')
    expect(messages.filter((message) => message.severity !== 'info')).toEqual([])
    expect(cards).toHaveLength(20_000)
    expect([cards[0].front, cards[0].back, cards[0].source.line]).toEqual(['key 0 — Value?', 'value 0', 5])
    expect([cards[19_999].front, cards[19_999].back, cards[19_999].source.line]).toEqual(['key 19999 — Value?', 'value 19999', 20_004])
    expect(new Set(cards.map((card) => card.id)).size).toBe(20_000)
  })

  it('gathers more cards than a call takes arguments', () => {
    // A table of 40,000 rows and 5 columns gives 160,000 cards; `push(...cards)` throws a RangeError past about 120,000.
    const many = Array.from({length: 200_000}, (_, index) => index)
    const gathered = append([-1], many, [200_000])
    expect(gathered).toHaveLength(200_002)
    expect(gathered.slice(0, 3)).toEqual([-1, 0, 1])
    expect(gathered.at(-1)).toBe(200_000)
  })

  it('reads ragged tables as GFM does: missing cells are empty, extra cells are not part of the table', () => {
    const {cards, messages} = compile('# Notes\n\n| Key | A | B |\n| --- | --- | --- |\n| one | a1 |\n| two | a2 | b2 | extra | more |\n| three |\n| four | a4 | b4 |\n')
    expect(cards.map((card) => [card.front, card.back, card.source.line])).toEqual([
      ['one — A?', 'a1', 5],
      ['two — A?', 'a2', 6],
      ['two — B?', 'b2', 6],
      ['four — A?', 'a4', 8],
      ['four — B?', 'b4', 8]
    ])
    // The row with only a key is said (in `check --verbose`), not an error.
    expect(messages.map((message) => [message.line, message.rule, message.severity])).toEqual([[7, 'table-row-empty', 'info']])
  })
})

describe('duplicate questions', () => {
  it('warns at the second, naming the first, with the first as the cause', () => {
    const {cards, file} = compile('# Notes\n\n## Why?\n\nOne.\n\n## Why?\n\nTwo.\n')
    const duplicate = file.messages.find((message) => message.ruleId === 'duplicate-question')
    expect(duplicate).toMatchObject({line: 7, column: 1, fatal: false})
    expect(duplicate?.reason).toContain('(first at line 3)')
    expect(duplicate?.cause).toMatchObject({line: 3, column: 1, reason: 'First asked here', ruleId: 'duplicate-question'})
    expect(cards.map((card) => card.back)).toEqual(['One.', 'Two.'])
    expect(cards[0].id).not.toBe(cards[1].id)
  })
})
